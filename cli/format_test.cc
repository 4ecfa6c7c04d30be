#include "cli/format.h"

#include <gtest/gtest.h>

#include "cli/repl.h"

namespace kalam::cli {
namespace {

link::QueryResult Result(std::vector<link::Column> columns, std::vector<link::CellRow> rows) {
  link::QueryResult r;
  r.has_rows = true;
  r.columns = std::move(columns);
  r.rows = std::move(rows);
  r.row_count = static_cast<int64_t>(r.rows.size());
  return r;
}

TEST(CliFormat, AlignedLikePsql) {
  auto r = Result({{"id", "BIGINT"}, {"name", "TEXT"}}, {{"1", "alice"}, {"22", nullptr}});
  EXPECT_EQ(FormatAligned(r),
            " id | name  \n"
            "----+-------\n"
            "  1 | alice\n"
            " 22 | \n"
            "(2 rows)\n\n");
  auto one = Result({{"n", "INT"}}, {{7}});
  EXPECT_EQ(FormatAligned(one), " n \n---\n 7\n(1 row)\n\n");
  auto none = Result({{"a", "TEXT"}}, {});
  EXPECT_EQ(FormatAligned(none), " a \n---\n(0 rows)\n\n");
  auto multi = Result({{"x", "TEXT"}, {"y", "INT"}}, {{"a\nb", 1}});
  EXPECT_EQ(FormatAligned(multi), " x | y \n---+---\n a+| 1\n b | \n(1 row)\n\n");
  auto utf8 = Result({{"w", "TEXT"}}, {{"héé"}, {"x"}});
  EXPECT_EQ(FormatAligned(utf8), "  w  \n-----\n héé\n x\n(2 rows)\n\n");
}

TEST(CliFormat, ExpandedJsonCsv) {
  auto r = Result({{"id", "BIGINT"}, {"name", "TEXT"}}, {{"1", "alice"}});
  EXPECT_EQ(FormatExpanded(r), "-[ RECORD 1 ]-\nid   | 1\nname | alice\n\n");
  EXPECT_EQ(FormatJson(r), "[{\"id\":\"1\",\"name\":\"alice\"}]\n");
  auto z = Result({{"z", "INT"}, {"a", "INT"}}, {{1, 2}});
  EXPECT_EQ(FormatJson(z), "[{\"z\":1,\"a\":2}]\n");  // the server's column order, not sorted
  link::QueryResult dml;
  dml.row_count = 2;
  dml.message = "2 rows inserted.";
  EXPECT_EQ(FormatJson(dml), "{\"message\":\"2 rows inserted.\",\"row_count\":2}\n");
  auto csv = Result({{"a", "TEXT"}, {"b", "TEXT"}}, {{"x,y", "say \"hi\""}, {nullptr, "line\nbreak"}});
  EXPECT_EQ(FormatCsv(csv), "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n,\"line\nbreak\"\n");
}

TEST(CliFormat, ErrorsWithLineAndCaret) {
  link::Error e;
  e.message = "syntax error at or near \"FORM\"";
  EXPECT_EQ(FormatError(e, "SELECT * FORM t"), "ERROR:  syntax error at or near \"FORM\"\n");
  e.position = 10;
  EXPECT_EQ(FormatError(e, "SELECT * FORM t"),
            "ERROR:  syntax error at or near \"FORM\"\nLINE 1: SELECT * FORM t\n                 ^\n");
  e.position = 20;
  EXPECT_EQ(FormatError(e, "SELECT 1;\nSELECT * FORM t"),
            "ERROR:  syntax error at or near \"FORM\"\nLINE 2: SELECT * FORM t\n                 ^\n");
}

TEST(CliRepl, StatementCompleteness) {
  EXPECT_TRUE(StatementComplete("SELECT 1;"));
  EXPECT_TRUE(StatementComplete("SELECT 1;  \n"));
  EXPECT_FALSE(StatementComplete("SELECT 1"));
  EXPECT_FALSE(StatementComplete("SELECT ';"));
  EXPECT_TRUE(StatementComplete("SELECT ';';"));
  EXPECT_FALSE(StatementComplete("SELECT 1 -- done;"));
  EXPECT_FALSE(StatementComplete("SELECT /* ; */ 1"));
  EXPECT_TRUE(StatementComplete("SELECT \"a;b\" FROM t;"));
}

}  // namespace
}  // namespace kalam::cli
