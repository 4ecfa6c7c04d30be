#include "common/time_parse.h"

#include <gtest/gtest.h>

#include <optional>
#include <string_view>

#include "common/time_format.h"

namespace kalam {
namespace {

constexpr int64_t kAt = 1795756247000000LL;  // 2026-11-27T05:10:47Z
constexpr int64_t kMinute = 60000000LL;

std::optional<int64_t> Stamp(std::string_view text) {
  int64_t out = 0;
  return ParseTimestampMicros(text, &out) ? std::optional<int64_t>(out) : std::nullopt;
}
std::optional<int64_t> Day(std::string_view text) {
  int64_t out = 0;
  return ParseDateDays(text, &out) ? std::optional<int64_t>(out) : std::nullopt;
}
std::optional<int64_t> Clock(std::string_view text) {
  int64_t out = 0;
  return ParseTimeMicros(text, &out) ? std::optional<int64_t>(out) : std::nullopt;
}

TEST(TimeParseTest, TimestampSpellingsApplicationsSend) {
  EXPECT_EQ(Stamp("2026-11-27 05:10:47"), kAt);
  EXPECT_EQ(Stamp("2026-11-27T05:10:47Z"), kAt);           // JavaScript's toISOString, without ms
  EXPECT_EQ(Stamp("2026-11-27T05:10:47.000Z"), kAt);       // … with them
  EXPECT_EQ(Stamp("2026-11-27T07:10:47+02:00"), kAt);      // Python's isoformat, Go's RFC 3339
  EXPECT_EQ(Stamp("2026-11-27 07:10:47+02"), kAt);         // PostgreSQL's own output
  EXPECT_EQ(Stamp("2026-11-27 07:10:47 +02:00"), kAt);     // a space before the offset
  EXPECT_EQ(Stamp("2026-11-27T07:10:47+0200"), kAt);       // ISO 8601 basic offset
  EXPECT_EQ(Stamp("2026-11-27 00:40:47-04:30"), kAt);
  EXPECT_EQ(Stamp("2026-11-27 05:10:47 UTC"), kAt);
  EXPECT_EQ(Stamp("2026-11-27 05:10:47 gmt"), kAt);
  EXPECT_EQ(Stamp("  2026-11-27 05:10:47\n"), kAt);
  EXPECT_EQ(Stamp("2026-11-27 05:10"), kAt - 47000000LL);  // minutes without seconds
  EXPECT_EQ(Stamp("2026-11-27 5:10"), kAt - 47000000LL);   // a one-digit hour
  EXPECT_EQ(Stamp("2026-11-27"), kAt - (5 * 60 + 10) * kMinute - 47000000LL);
  EXPECT_EQ(Stamp("20261127"), Stamp("2026-11-27"));
  EXPECT_EQ(Stamp("2026-1-5"), Stamp("2026-01-05"));
  EXPECT_EQ(Stamp("2026-11-27 05:10:47.1234565"), kAt + 123457);  // the 7th digit rounds
  EXPECT_EQ(Stamp("2026-11-27 05:10:47.5"), kAt + 500000);
  EXPECT_EQ(Stamp("2026-11-27 24:00:00"), Stamp("2026-11-28"));
  EXPECT_EQ(Stamp("2026-11-27 23:59:60"), Stamp("2026-11-28"));  // a leap second rolls over
}

TEST(TimeParseTest, SpecialValues) {
  EXPECT_EQ(Stamp("epoch"), 0);
  EXPECT_EQ(Stamp("Infinity"), kTimestampInfinity);
  EXPECT_EQ(Stamp(" -infinity "), -kTimestampInfinity);
  EXPECT_EQ(Day("infinity"), kDateInfinity);
  EXPECT_EQ(Day("-infinity"), -kDateInfinity);
  EXPECT_EQ(Day("EPOCH"), 0);
  EXPECT_EQ(Clock("allballs"), 0);
  EXPECT_EQ(FormatTimestampMicros(kTimestampInfinity), "infinity");
  EXPECT_EQ(FormatTimestampMicros(-kTimestampInfinity), "-infinity");
  EXPECT_EQ(FormatDateDays(-kDateInfinity), "-infinity");
}

TEST(TimeParseTest, DatesIgnoreATimeAfterThem) {
  EXPECT_EQ(Day("2026-11-27"), 20784);
  EXPECT_EQ(Day("2026-11-27T05:10:47.123Z"), 20784);
  EXPECT_EQ(Day("2026-11-27 23:30-05"), 20784);  // PostgreSQL: the date as written
  EXPECT_EQ(Day("2000-02-29"), 11016);
  EXPECT_EQ(Day("12026-01-01").has_value(), true);
}

TEST(TimeParseTest, TimesIgnoreAnOffset) {
  EXPECT_EQ(Clock("05:10:47.5"), 18647500000LL);
  EXPECT_EQ(Clock("9:05"), (9 * 60 + 5) * kMinute);
  EXPECT_EQ(Clock("10:00+02"), 600 * kMinute);
  EXPECT_EQ(Clock("10:00:00 +02:00"), 600 * kMinute);
  EXPECT_EQ(Clock("24:00"), 1440 * kMinute);
}

TEST(TimeParseTest, RejectsWhatPostgresRejects) {
  for (std::string_view bad :
       {"", "yesterday", "2026-02-30", "2026-13-01", "2026-00-10", "0000-01-01", "26-11-27", "2026-11-27 25:00",
        "2026-11-27 24:00:01", "2026-11-27 10:60", "2026-11-27 10", "2026-11-27 10:0", "2026-11-27 10:00:00.",
        "2026-11-27T", "2026-11-27 10:00 +16", "2026-11-27 10:00 Europe/Paris", "2026-11-27x", "infinityx",
        "2026/11/27", "2026-11-27 10:00:00 BC"}) {
    EXPECT_FALSE(Stamp(bad).has_value()) << bad;
  }
  for (std::string_view bad : {"2026-02-29", "infinite", "2026-11-27 10:61"}) {
    EXPECT_FALSE(Day(bad).has_value()) << bad;
  }
  for (std::string_view bad : {"", "10", "25:00", "10:00:61", "10:00 x", "24:00:00.1", "1:2"}) {
    EXPECT_FALSE(Clock(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace kalam
