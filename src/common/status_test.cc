#include "common/status.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace kalam {
namespace {

Result<int> Half(int v) {
  if (v % 2 != 0) return Status(ErrorCode::kInvalidParameter, "odd");
  return v / 2;
}

Result<int> Quarter(int v) {
  KALAM_ASSIGN_OR_RETURN(int h, Half(v));
  KALAM_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(StatusTest, OkHasNoMessage) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, ErrorCarriesCodeMessageAndPosition) {
  Status s(ErrorCode::kSyntaxError, "syntax error at or near \"x\"", 7);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(WireCode(s.code()), "SYNTAX_ERROR");
  EXPECT_EQ(SqlState(s.code()), "42601");
  EXPECT_EQ(HttpStatus(s.code()), 400);
  EXPECT_EQ(s.position(), 7);
  EXPECT_EQ(s.WithPosition(9).position(), 9);
}

TEST(StatusTest, ErrorTableMatchesContract) {
  EXPECT_EQ(SqlState(ErrorCode::kTableNotFound), "42P01");
  EXPECT_EQ(SqlState(ErrorCode::kNamespaceNotFound), "3F000");
  EXPECT_EQ(SqlState(ErrorCode::kDependentObjectsStillExist), "2BP01");
  EXPECT_EQ(HttpStatus(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatus(ErrorCode::kInvalidCredentials), 401);
  EXPECT_EQ(HttpStatus(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(HttpStatus(ErrorCode::kNotLeader), 503);
  EXPECT_TRUE(IsRetryable(ErrorCode::kNotLeader));
  EXPECT_EQ(WireCode(ErrorCode::kInternal), "INTERNAL_ERROR");
}

TEST(ResultTest, PropagatesErrors) {
  ASSERT_OK_AND_ASSIGN(int q, Quarter(8));
  EXPECT_EQ(q, 2);
  EXPECT_ERROR_CODE(Quarter(6), ErrorCode::kInvalidParameter);
  EXPECT_EQ(Quarter(6).error().message(), "odd");
}

}  // namespace
}  // namespace kalam
