#include "catalog/flush_policy.h"

#include <gtest/gtest.h>

namespace kalam::catalog {
namespace {

TEST(FlushPolicyTest, ParsesRowsIntervalAndBoth) {
  auto empty = ParseFlushPolicy("");
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->rows.has_value());
  EXPECT_FALSE(empty->interval_seconds.has_value());
  auto both = ParseFlushPolicy("rows:1000,interval:60");
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->rows, 1000);
  EXPECT_EQ(both->interval_seconds, 60);
  auto interval = ParseFlushPolicy("INTERVAL:5");
  ASSERT_TRUE(interval.ok());
  EXPECT_EQ(interval->interval_seconds, 5);
  EXPECT_FALSE(interval->rows.has_value());
}

TEST(FlushPolicyTest, RefusesEverythingElse) {
  for (const char* bad : {"rows", "rows:", "rows:0", "rows:-1", "rows:1x", "rows:1,rows:2", "size:10", ",",
                          "rows:1,", "rows:99999999999999999999", " rows:1"}) {
    auto p = ParseFlushPolicy(bad);
    EXPECT_FALSE(p.ok()) << bad;
    if (!p.ok()) {
      EXPECT_EQ(p.error().code(), ErrorCode::kInvalidParameter) << bad;
    }
  }
}

}  // namespace
}  // namespace kalam::catalog
