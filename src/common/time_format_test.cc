#include "common/time_format.h"

#include <gtest/gtest.h>

namespace kalam {
namespace {

TEST(TimeFormatTest, Timestamps) {
  EXPECT_EQ(FormatTimestampMicros(0), "1970-01-01T00:00:00.000000Z");
  // 2026-11-27T05:10:47.123456Z
  EXPECT_EQ(FormatTimestampMicros(1795756247123456LL), "2026-11-27T05:10:47.123456Z");
  EXPECT_EQ(FormatTimestampMicros(-1), "1969-12-31T23:59:59.999999Z");
}

TEST(TimeFormatTest, DatesAndTimes) {
  EXPECT_EQ(FormatDateDays(0), "1970-01-01");
  EXPECT_EQ(FormatDateDays(20784), "2026-11-27");
  EXPECT_EQ(FormatDateDays(11016), "2000-02-29");
  EXPECT_EQ(FormatTimeMicros(18647123456LL), "05:10:47.123456");
}

}  // namespace
}  // namespace kalam
