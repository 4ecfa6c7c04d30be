#include "common/json_text.h"

#include <cmath>

#include <gtest/gtest.h>

namespace kalam {
namespace {

TEST(JsonTextTest, EscapesAndRepairsUtf8) {
  std::string out;
  AppendJsonString(&out, "a\"b\\c\n\x01 é \xff");
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u0001 é \xEF\xBF\xBD\"");
}

TEST(JsonTextTest, Doubles) {
  std::string out;
  AppendJsonDouble(&out, 1.5);
  out.push_back(',');
  AppendJsonDouble(&out, NAN);
  out.push_back(',');
  AppendJsonDouble(&out, -INFINITY);
  EXPECT_EQ(out, "1.5,\"NaN\",\"-Infinity\"");
}

}  // namespace
}  // namespace kalam
