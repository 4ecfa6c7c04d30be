#include "api/request_json.h"

#include <gtest/gtest.h>

namespace kalam::api {
namespace {

TEST(RequestJsonTest, AcceptsObjectsOnly) {
  EXPECT_TRUE(ParseJsonObject(R"({"sql":"SELECT 1"})").ok());
  EXPECT_EQ(ParseJsonObject("[1]").status().code(), ErrorCode::kInvalidParameter);
  EXPECT_EQ(ParseJsonObject("{bad").status().code(), ErrorCode::kInvalidParameter);
  EXPECT_EQ(ParseJsonObject(std::string("\x00\xff\x01", 3)).status().code(),
            ErrorCode::kInvalidParameter);
  EXPECT_EQ(ParseJsonObject("").status().code(), ErrorCode::kInvalidParameter);
}

TEST(RequestJsonTest, RefusesDeepNestingWithoutParsing) {
  std::string deep = "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  auto r = ParseJsonObject(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "request body is nested too deeply");
  // Brackets inside strings do not count.
  EXPECT_TRUE(ParseJsonObject("{\"sql\":\"" + std::string(1000, '[') + "\"}").ok());
}

}  // namespace
}  // namespace kalam::api
