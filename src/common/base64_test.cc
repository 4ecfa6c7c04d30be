#include "common/base64.h"

#include <gtest/gtest.h>

namespace kalam {
namespace {

TEST(Base64Test, Rfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  std::string out;
  ASSERT_TRUE(Base64Decode("Zm9vYg==", &out));
  EXPECT_EQ(out, "foob");
  ASSERT_TRUE(Base64Decode("-_8", &out));
  EXPECT_EQ(out, "\xfb\xff");
  EXPECT_FALSE(Base64Decode("Zm9v!", &out));
}

}  // namespace
}  // namespace kalam
