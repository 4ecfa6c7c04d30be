#include "sql/lexer.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace kalam::sql {
namespace {

TEST(LexerTest, TokensWithOffsets) {
  ASSERT_OK_AND_ASSIGN(auto t, Lex("SELECT \"Ab\"\"c\", 'it''s', $1, 3.5e2 -- x\n FROM t"));
  ASSERT_EQ(t.size(), 11u);
  EXPECT_TRUE(t[0].IsKeyword("SELECT"));
  EXPECT_EQ(t[1].type, TokenType::kIdentifier);
  EXPECT_TRUE(t[1].quoted);
  EXPECT_EQ(t[1].text, "Ab\"c");
  EXPECT_EQ(t[3].type, TokenType::kString);
  EXPECT_EQ(t[3].text, "it's");
  EXPECT_EQ(t[5].type, TokenType::kParameter);
  EXPECT_EQ(t[5].text, "1");
  EXPECT_EQ(t[7].type, TokenType::kNumber);
  EXPECT_EQ(t[7].text, "3.5e2");
  EXPECT_TRUE(t[8].IsKeyword("FROM"));
  EXPECT_EQ(t[10].type, TokenType::kEnd);
}

TEST(LexerTest, IdentifiersAreLowerCasedUnlessQuoted) {
  ASSERT_OK_AND_ASSIGN(auto t, Lex("MyTable \"MyTable\""));
  EXPECT_EQ(t[0].text, "mytable");
  EXPECT_EQ(t[1].text, "MyTable");
  EXPECT_FALSE(t[1].IsKeyword("MYTABLE"));
}

TEST(LexerTest, DollarQuotesAndNestedComments) {
  ASSERT_OK_AND_ASSIGN(auto t, Lex("/* a /* b */ c */ $x$ it's; $x$ $$y$$"));
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].text, " it's; ");
  EXPECT_EQ(t[1].text, "y");
}

TEST(LexerTest, UnterminatedIsSyntaxErrorWithPosition) {
  auto r = Lex("SELECT 'abc");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kSyntaxError);
  EXPECT_EQ(r.error().message(), "unterminated quoted string");
  EXPECT_EQ(r.error().position(), 8);
  EXPECT_ERROR_CODE(Lex("/* x"), ErrorCode::kSyntaxError);
  EXPECT_ERROR_CODE(Lex("\"abc"), ErrorCode::kSyntaxError);
}

TEST(LexerTest, PositionsCountCharactersNotBytes) {
  std::string s = "SELECT 'é' x";
  EXPECT_EQ(CharPosition(s, s.find('x')), 12);
}

}  // namespace
}  // namespace kalam::sql
