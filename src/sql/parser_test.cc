#include "sql/parser.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace kalam::sql {
namespace {

TEST(ParserTest, NamespaceStatements) {
  ASSERT_OK_AND_ASSIGN(auto s, ParseStatement("CREATE NAMESPACE IF NOT EXISTS App"));
  ASSERT_EQ(KindOf(s), StatementKind::kCreateNamespace);
  EXPECT_EQ(std::get<CreateNamespace>(s).name.value(), "app");
  EXPECT_TRUE(std::get<CreateNamespace>(s).if_not_exists);

  ASSERT_OK_AND_ASSIGN(s, ParseStatement("drop namespace if exists app cascade"));
  ASSERT_EQ(KindOf(s), StatementKind::kDropNamespace);
  EXPECT_TRUE(std::get<DropNamespace>(s).if_exists);
  EXPECT_TRUE(std::get<DropNamespace>(s).cascade);

  ASSERT_OK_AND_ASSIGN(s, ParseStatement("USE \"Chat\""));
  ASSERT_EQ(KindOf(s), StatementKind::kUseNamespace);
  EXPECT_EQ(std::get<UseNamespace>(s).name.value(), "Chat");

  ASSERT_OK_AND_ASSIGN(s, ParseStatement("SHOW NAMESPACES"));
  EXPECT_EQ(KindOf(s), StatementKind::kShowNamespaces);
}

TEST(ParserTest, QueriesGoToTheEngine) {
  for (const char* q : {"SELECT 1", "with x as (select 1) select * from x", "VALUES (1)",
                        "(SELECT 1)", "FROM system.namespaces"}) {
    ASSERT_OK_AND_ASSIGN(auto s, ParseStatement(q));
    EXPECT_EQ(KindOf(s), StatementKind::kSelect) << q;
    EXPECT_EQ(std::get<Select>(s).text, q);
  }
}

TEST(ParserTest, SyntaxErrorsUsePostgresWording) {
  auto r = ParseStatement("CREATE NAMESPACE app extra");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kSyntaxError);
  EXPECT_EQ(r.error().message(), "syntax error at or near \"extra\"");
  EXPECT_EQ(r.error().position(), 22);

  r = ParseStatement("CREATE NAMESPACE");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "syntax error at end of input");
  EXPECT_EQ(r.error().position(), 17);

  r = ParseStatement("SELEC 1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "syntax error at or near \"SELEC\"");
  EXPECT_EQ(r.error().position(), 1);
}

TEST(ParserTest, ReservedAndInvalidNames) {
  EXPECT_ERROR_CODE(ParseStatement("CREATE NAMESPACE system"), ErrorCode::kInvalidParameter);
  EXPECT_ERROR_CODE(ParseStatement("CREATE NAMESPACE pg_catalog"), ErrorCode::kInvalidParameter);
  EXPECT_ERROR_CODE(ParseStatement("CREATE NAMESPACE \"a-b\""), ErrorCode::kInvalidParameter);
}

TEST(ParserTest, EngineControlIsRefused) {
  for (const char* q : {"COPY t TO '/tmp/x'", "ATTACH ':memory:' AS m", "SET threads=1",
                        "PRAGMA database_list", "INSTALL httpfs", "LOAD httpfs", "CALL f()"}) {
    EXPECT_ERROR_CODE(ParseStatement(q), ErrorCode::kPermissionDenied);
  }
}

TEST(ParserTest, LaterStatementsAreNotSupportedYet) {
  auto r = ParseStatement("KILL JOB 'FL-1'");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kFeatureNotSupported);
  EXPECT_EQ(r.error().message(), "KILL JOB is not supported yet");
}

}  // namespace
}  // namespace kalam::sql
