// Which texts may reuse the parse of a point lookup seen before with another key literal.
#include "engine/internal/point_template.h"

#include <gtest/gtest.h>

namespace kalam::engine::internal {
namespace {

TEST(PointTemplateTest, SplitsATrailingKeyLiteral) {
  auto n = SplitKeyLiteral("SELECT * FROM app.t WHERE id = 42");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->prefix, "SELECT * FROM app.t WHERE id = ");
  EXPECT_EQ(n->kind, KeyLiteral::Kind::kInteger);
  EXPECT_EQ(n->text, "42");
  EXPECT_EQ(n->ToValue()->GetValue<int64_t>(), 42);

  auto s = SplitKeyLiteral("SELECT a, b FROM \"app\".\"t\" WHERE \"k\"='x y' ;  \n");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->prefix, "SELECT a, b FROM \"app\".\"t\" WHERE \"k\"=");
  EXPECT_EQ(s->kind, KeyLiteral::Kind::kString);
  EXPECT_EQ(s->text, "x y");

  auto empty = SplitKeyLiteral("SELECT * FROM t WHERE k = ''");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->text, "");

  // Same prefix, same kind: same template; another kind: another one.
  EXPECT_EQ(SplitKeyLiteral("SELECT * FROM t WHERE id = 1")->TemplateKey(),
            SplitKeyLiteral("SELECT * FROM t WHERE id = 99999")->TemplateKey());
  EXPECT_NE(SplitKeyLiteral("SELECT * FROM t WHERE id = 1")->TemplateKey(),
            SplitKeyLiteral("SELECT * FROM t WHERE id = '1'")->TemplateKey());
}

TEST(PointTemplateTest, RefusesTextsWhoseLiteralCouldLexOtherwise) {
  for (const char* sql : {
           "SELECT * FROM t WHERE id = -5",              // a sign: not a lone literal
           "SELECT * FROM t WHERE id = 1.5",             // a decimal
           "SELECT * FROM t WHERE id = 0x10",            // hex
           "SELECT * FROM t WHERE id = x1",              // an identifier
           "SELECT * FROM t WHERE id = 5 -- = 7",        // ends in a comment
           "SELECT * FROM t WHERE id = 5 /* */ = 7",     // a comment in the prefix
           "SELECT * FROM t WHERE id = 'a''b'",          // an escaped quote
           "SELECT * FROM t WHERE id = E'a'",            // an escape string
           "SELECT * FROM t WHERE id = 'a\\b'",          // a backslash
           "SELECT * FROM t WHERE v = 'x' AND id = 5",   // a quote in the prefix
           "SELECT * FROM t WHERE id = $$5$$",           // dollar quoting
           "SELECT * FROM t WHERE \"id = 5",             // an open quoted identifier
           "SELECT 1; SELECT * FROM t WHERE id = 5",     // two statements
           "SELECT * FROM t WHERE id > 5 AND 1 + 5",     // no `=` before it
           "SELECT * FROM t WHERE id = 5 LIMIT 1",       // not last
           "42", "", "   ", "'x'"}) {
    EXPECT_FALSE(SplitKeyLiteral(sql)) << sql;
  }
}

TEST(PointTemplateTest, MatchesOnlyTheConstantOfTheWholeParse) {
  auto n = SplitKeyLiteral("SELECT * FROM t WHERE id = 7");
  ASSERT_TRUE(n);
  EXPECT_TRUE(n->Is(duckdb::Value::INTEGER(7)));
  EXPECT_TRUE(n->Is(duckdb::Value::BIGINT(7)));
  EXPECT_FALSE(n->Is(duckdb::Value::INTEGER(8)));
  EXPECT_FALSE(n->Is(duckdb::Value("7")));
  EXPECT_FALSE(n->Is(duckdb::Value::DOUBLE(7)));
  EXPECT_FALSE(n->Is(duckdb::Value()));
  auto s = SplitKeyLiteral("SELECT * FROM t WHERE k = 'seven'");
  EXPECT_TRUE(s->Is(duckdb::Value("seven")));
  EXPECT_FALSE(s->Is(duckdb::Value("eight")));
  // Beyond int64: no value, never a template hit (DuckDB makes it a HUGEINT).
  auto big = SplitKeyLiteral("SELECT * FROM t WHERE id = 99999999999999999999");
  ASSERT_TRUE(big);
  EXPECT_FALSE(big->ToValue());
  EXPECT_FALSE(big->Is(duckdb::Value::BIGINT(0)));
}

}  // namespace
}  // namespace kalam::engine::internal
