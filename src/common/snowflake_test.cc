#include "common/snowflake.h"

#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace kalam {
namespace {

TEST(SnowflakeTest, IncreasingAndDecodable) {
  FakeClock clock(1795756247123456LL);
  SnowflakeGenerator gen(3, &clock);
  int64_t prev = 0;
  for (int i = 0; i < 10000; ++i) {  // more than 4096 in one millisecond
    int64_t id = gen.Next();
    ASSERT_GT(id, prev);
    prev = id;
  }
  SnowflakeGenerator fresh(3, &clock);
  EXPECT_EQ(SnowflakeGenerator::TimestampMs(fresh.Next()), 1795756247123LL);
  EXPECT_EQ((fresh.Next() >> 12) & 0x3FF, 3);
}

TEST(SnowflakeTest, ClockGoingBackKeepsOrder) {
  FakeClock clock(1795756247123456LL);
  SnowflakeGenerator gen(0, &clock);
  int64_t a = gen.Next();
  clock.Advance(-5'000'000);
  EXPECT_GT(gen.Next(), a);
}

TEST(SnowflakeTest, UniqueAcrossThreads) {
  SystemClock clock;
  SnowflakeGenerator gen(1, &clock);
  std::vector<std::vector<int64_t>> ids(4);
  std::vector<std::thread> threads;
  for (auto& v : ids) threads.emplace_back([&] { for (int i = 0; i < 5000; ++i) v.push_back(gen.Next()); });
  for (auto& t : threads) t.join();
  std::set<int64_t> all;
  for (auto& v : ids) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), 20000u);
}

TEST(UuidV7Test, FormatVersionAndTime) {
  FakeClock clock(1795756247123456LL);
  std::string u = NewUuidV7(clock);
  EXPECT_TRUE(IsCanonicalUuid(u)) << u;
  EXPECT_EQ(u[14], '7');
  EXPECT_TRUE(u[19] == '8' || u[19] == '9' || u[19] == 'a' || u[19] == 'b');
  EXPECT_EQ(u.substr(0, 8) + u.substr(9, 4), "01a21b69c853");  // 1795756247123 ms in hex
  EXPECT_NE(NewUuidV7(clock), u);
  EXPECT_FALSE(IsCanonicalUuid("not-a-uuid"));
}

}  // namespace
}  // namespace kalam
