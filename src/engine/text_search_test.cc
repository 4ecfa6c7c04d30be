#include "engine/internal/text_search.h"

#include "engine/engine_fixture.h"
#include "engine/internal/english_stemmer.h"

namespace kalam::engine {
namespace {

namespace ts = internal::text_search;

TEST(EnglishStemmerTest, SnowballEnglish) {
  const std::pair<const char*, const char*> pairs[] = {
      {"consigned", "consign"},  {"consistency", "consist"}, {"consolatory", "consolatori"},
      {"conspicuously", "conspicu"}, {"conspiracy", "conspiraci"}, {"constables", "constabl"},
      {"knackeries", "knackeri"}, {"kneeling", "kneel"},      {"knightly", "knight"},
      {"knitting", "knit"},      {"knives", "knive"},         {"generously", "generous"},
      {"running", "run"},        {"foxes", "fox"},            {"lazy", "lazi"},
      {"cries", "cri"},          {"ties", "tie"},             {"hoped", "hope"},
      {"caresses", "caress"},    {"dying", "die"},            {"news", "news"},
      {"gaps", "gap"},           {"gas", "gas"},              {"succeed", "succeed"},
      {"communism", "communism"}, {"relational", "relat"},    {"by", "by"},
      {"naïve", "naïve"}};  // not ASCII letters: as it is
  for (auto [word, stem] : pairs) EXPECT_EQ(internal::StemEnglish(word), stem) << word;
  for (const char* stop : {"the", "and", "a", "yourselves", "don", "t", "s", "which"}) {
    EXPECT_TRUE(internal::IsEnglishStopWord(stop)) << stop;
  }
  for (const char* word : {"fox", "cat", "theirselves", "another"}) EXPECT_FALSE(internal::IsEnglishStopWord(word)) << word;
}

TEST(TextSearchTest, VectorsAndQueriesPrintAsInPostgres) {
  EXPECT_EQ(ts::ToText(ts::ToTsVector(ts::Config::kEnglish, "The quick brown foxes jumped over the lazy dogs")),
            "'brown':3 'dog':9 'fox':4 'jump':5 'lazi':8 'quick':2");
  EXPECT_EQ(ts::ToText(ts::ToTsVector(ts::Config::kEnglish, "a fat  cat sat on a mat - it ate a fat rats")),
            "'ate':9 'cat':3 'fat':2,11 'mat':7 'rat':12 'sat':4");
  EXPECT_EQ(ts::ToText(ts::ToTsVector(ts::Config::kSimple, "The Quick")), "'quick':2 'the':1");
  EXPECT_EQ(ts::ToText(*ts::ToTsQuery(ts::Config::kEnglish, "fat & (rat | cat) & !dogs")),
            "'fat' & ( 'rat' | 'cat' ) & !'dog'");
  EXPECT_EQ(ts::ToText(*ts::ToTsQuery(ts::Config::kEnglish, "The & Fat & Rats")), "'fat' & 'rat'");
  EXPECT_EQ(ts::ToText(*ts::ToTsQuery(ts::Config::kEnglish, "supern:* <-> star <2> 'dust'")),
            "'supern':* <-> 'star' <2> 'dust'");
  EXPECT_EQ(ts::ToText(ts::PlainToTsQuery(ts::Config::kEnglish, "The Fat Rats")), "'fat' & 'rat'");
  EXPECT_EQ(ts::ToText(ts::PhraseToTsQuery(ts::Config::kEnglish, "The Cat and Rats")), "'cat' <2> 'rat'");
  EXPECT_EQ(ts::ToText(ts::WebSearchToTsQuery(ts::Config::kEnglish, "\"sad cat\" or \"fat rat\"")),
            "'sad' <-> 'cat' | 'fat' <-> 'rat'");
  EXPECT_EQ(ts::ToText(ts::WebSearchToTsQuery(ts::Config::kEnglish, "signal -\"segmentation fault\"")),
            "'signal' & !( 'segment' <-> 'fault' )");
  EXPECT_EQ(ts::ToText(ts::PlainToTsQuery(ts::Config::kEnglish, "the and of")), "");  // only stop words
  for (const char* bad : {"fat &", "(fat", "fat cat", "'open", "& x"}) {
    auto q = ts::ToTsQuery(ts::Config::kEnglish, bad);
    ASSERT_FALSE(q.ok()) << bad;
    EXPECT_EQ(q.error().code(), ErrorCode::kSyntaxError) << bad;
  }
  EXPECT_EQ(ts::ParseConfig("pg_catalog.English").value(), ts::Config::kEnglish);
  EXPECT_EQ(ts::ParseConfig("german").error().code(), ErrorCode::kInvalidParameter);
  // The text forms read back.
  const ts::TsVector v = ts::ToTsVector(ts::Config::kEnglish, "It's O'Neil's \\ cat");
  EXPECT_EQ(ts::ParseTsVector(ts::ToText(v)).value(), v);
}

TEST(TextSearchTest, MatchAndRank) {
  const ts::TsVector v = ts::ToTsVector(ts::Config::kSimple, "a b c a");
  auto match = [&](const char* query) { return ts::Matches(v, *ts::ToTsQuery(ts::Config::kSimple, query)); };
  EXPECT_TRUE(match("a & c"));
  EXPECT_FALSE(match("a & x"));
  EXPECT_TRUE(match("x | b"));
  EXPECT_TRUE(match("!x & b"));
  EXPECT_FALSE(match("!b"));
  EXPECT_TRUE(match("b <-> c"));
  EXPECT_TRUE(match("c <-> a"));
  EXPECT_FALSE(match("a <-> c"));
  EXPECT_TRUE(match("a <2> c"));
  EXPECT_TRUE(match("a <-> b <-> c"));
  EXPECT_TRUE(match("b:*"));
  EXPECT_FALSE(ts::Matches(v, ts::PlainToTsQuery(ts::Config::kEnglish, "the")));  // an empty query matches nothing
  // PostgreSQL's ts_rank: one occurrence of one term, and two terms two words apart.
  const ts::TsVector doc = ts::ToTsVector(ts::Config::kEnglish, "the quick brown fox");
  EXPECT_NEAR(ts::Rank(doc, *ts::ToTsQuery(ts::Config::kEnglish, "fox")), 0.0607927, 1e-7);
  EXPECT_NEAR(ts::Rank(doc, *ts::ToTsQuery(ts::Config::kEnglish, "quick & fox")), 0.0985009, 1e-7);
  EXPECT_NEAR(ts::Rank(doc, *ts::ToTsQuery(ts::Config::kEnglish, "quick | cow")), 0.0303964, 1e-7);
}

class TextSearchQueryTest : public EngineFixture {};

TEST_F(TextSearchQueryTest, SearchesAsInPostgres) {
  const std::string msgs =
      " FROM (VALUES (1, 'Running late for the meeting'), (2, 'The meetings were cancelled'), (3, 'Lunch at noon?')) "
      "m(id, body)";
  ASSERT_OK_AND_ASSIGN(auto r, Query("SELECT id" + msgs + " WHERE to_tsvector('english', body) @@ "
                                     "plainto_tsquery('english', 'run late') ORDER BY id"));
  EXPECT_EQ(r.rows, (std::vector<Row>{{Value(int32_t{1})}}));
  // A query function in FROM, ranked; text @@ tsquery reads the text as english.
  ASSERT_OK_AND_ASSIGN(r, Query("SELECT id, ts_rank(to_tsvector(body), q) AS rank" + msgs +
                                ", websearch_to_tsquery('english', 'meeting -lunch') q WHERE body @@ q ORDER BY id"));
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.columns[1].type.id, TypeId::kReal);
  // As in PostgreSQL, an AND query with one term in the document ranks 1e-20 (no pair to weigh).
  EXPECT_NEAR(std::get<double>(r.rows[0][1]), 1e-20, 1e-21);
  ASSERT_OK_AND_ASSIGN(r, Query("SELECT ts_rank(to_tsvector(body), to_tsquery('meetings'))" + msgs + " WHERE id = 2"));
  EXPECT_NEAR(std::get<double>(r.rows[0][0]), 0.0607927, 1e-6);
  ASSERT_OK_AND_ASSIGN(r, Query("SELECT to_tsvector('simple', 'Hi there'), to_tsquery('english', 'cats & dogs'), "
                                "to_tsvector('x y') @@ 'y', to_tsvector('fat cats') @@ 'cats', 'fat cats' @@ 'cats'"));
  EXPECT_EQ(r.columns[0].name, "to_tsvector");
  // tsvector @@ 'text' reads the text as a tsquery as it is; text @@ text stems both, as in PostgreSQL.
  EXPECT_EQ(r.rows[0], (Row{Value("'hi':1 'there':2"), Value("'cat' & 'dog'"), Value(true), Value(false), Value(true)}));
  auto bad = Query("SELECT to_tsquery('cats &')");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kSyntaxError);
  EXPECT_EQ(bad.error().message(), "syntax error in tsquery: \"cats &\"");
  bad = Query("SELECT to_tsvector('klingon', 'x')");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message(), "text search configuration \"klingon\" does not exist");
}

}  // namespace
}  // namespace kalam::engine
