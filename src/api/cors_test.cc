#include "api/cors.h"

#include <gtest/gtest.h>

namespace kalam::api {
namespace {

TEST(Cors, NoOriginsAllowsNone) {
  CorsPolicy none;
  EXPECT_FALSE(none.enabled());
  EXPECT_FALSE(none.AllowOrigin("http://localhost:5173"));
}

TEST(Cors, ExactOriginsAreEchoedOthersRefused) {
  CorsPolicy p({"http://localhost:5173", "https://app.example.com/"});
  EXPECT_TRUE(p.enabled());
  EXPECT_EQ(p.AllowOrigin("http://localhost:5173"), "http://localhost:5173");
  EXPECT_EQ(p.AllowOrigin("https://app.example.com"), "https://app.example.com");
  EXPECT_FALSE(p.AllowOrigin("http://localhost:5174"));
  EXPECT_FALSE(p.AllowOrigin("https://app.example.com.evil.test"));
  EXPECT_FALSE(p.AllowOrigin(""));
}

TEST(Cors, StarAllowsAnyRealOrigin) {
  CorsPolicy p({"*"});
  EXPECT_EQ(p.AllowOrigin("https://x.test"), "https://x.test");
  EXPECT_FALSE(p.AllowOrigin("null"));  // sandboxed frames and file:// pages
}

}  // namespace
}  // namespace kalam::api
