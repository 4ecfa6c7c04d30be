#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

/// PostgreSQL's full-text search on text values (no DuckDB here; text_search_functions.h
/// registers it): tsvector and tsquery in their text forms, the `english` (stop words, Snowball
/// stemmer) and `simple` (lower-case words) configurations, `@@` and ts_rank.
namespace kalam::engine::internal::text_search {

enum class Config { kEnglish, kSimple };

/// `english`, `simple` (also `pg_catalog.`-qualified, any case). INVALID_PARAMETER otherwise
/// (PostgreSQL: `text search configuration "x" does not exist`).
Result<Config> ParseConfig(std::string_view name);

/// Lexemes and their positions (1-based), sorted by lexeme.
using TsVector = std::map<std::string, std::vector<int>>;

/// to_tsvector: the words of `text` (runs of letters and digits; non-ASCII bytes count as
/// letters), lower-cased, numbered from 1; under `english` stop words are dropped (their
/// positions stay counted) and the rest stemmed.
TsVector ToTsVector(Config config, std::string_view text);
/// `'brown':3 'fox':4`, as PostgreSQL prints a tsvector.
std::string ToText(const TsVector& v);
/// A tsvector's text form back (lexemes quoted or not, positions optional).
Result<TsVector> ParseTsVector(std::string_view text);

/// A tsquery: a tree of lexemes (`prefix`: `'pre':*`) under ! & | and <N> (phrase, N apart).
struct TsQuery {
  enum class Kind { kTerm, kNot, kAnd, kOr, kPhrase };
  struct Node {
    Kind kind = Kind::kTerm;
    std::string lexeme;
    bool prefix = false;
    int distance = 1;  // kPhrase
    int left = -1;     // kNot's operand is `left`
    int right = -1;
  };
  std::vector<Node> nodes;
  int root = -1;  // -1: an empty query (only stop words), which matches nothing
};

/// to_tsquery(config, text): operands normalized as to_tsvector does (one giving several
/// lexemes becomes their phrase; a stop word drops out), `!`, `<->`/`<N>`, `&`, `|` in that order
/// of precedence, parentheses, `:*`. SYNTAX_ERROR as PostgreSQL (`syntax error in tsquery: "…"`).
Result<TsQuery> ToTsQuery(Config config, std::string_view text);
/// A tsquery's text form back, lexemes as they are.
Result<TsQuery> ParseTsQuery(std::string_view text);
/// plainto_tsquery: the lexemes of the text ANDed.
TsQuery PlainToTsQuery(Config config, std::string_view text);
/// phraseto_tsquery: the lexemes of the text as a phrase (a dropped stop word widens the gap).
TsQuery PhraseToTsQuery(Config config, std::string_view text);
/// websearch_to_tsquery: words ANDed, `"a phrase"`, `or`, `-word` (NOT).
TsQuery WebSearchToTsQuery(Config config, std::string_view text);
/// `'fat' & ( 'rat' | 'cat' )`, as PostgreSQL prints a tsquery.
std::string ToText(const TsQuery& q);

/// tsvector @@ tsquery.
bool Matches(const TsVector& v, const TsQuery& q);
/// ts_rank(v, q) with PostgreSQL's default weights and formula (normalization 0).
float Rank(const TsVector& v, const TsQuery& q);

}  // namespace kalam::engine::internal::text_search
