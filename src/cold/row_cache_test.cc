#include "cold/row_cache.h"

#include <gtest/gtest.h>

namespace kalam::cold {
namespace {

std::shared_ptr<const FileRows> RowsOf(int n, size_t text_bytes) {
  auto rows = std::make_shared<FileRows>();
  for (int i = 0; i < n; ++i) {
    rows->emplace(std::to_string(i), ColdRow{i + 1, false, Row{Value(int64_t{i}), Value(std::string(text_bytes, 'x'))}});
  }
  return rows;
}

TEST(RowCacheTest, FindsWhatWasInsertedAndDropsTheLeastRecentlyUsedBeyondCapacity) {
  const int64_t one = RowCache::EstimateBytes(*RowsOf(100, 100));
  RowCache cache(one * 4 + one / 2);  // room for four files, each under a quarter
  for (int f = 0; f < 4; ++f) cache.Insert("f" + std::to_string(f), RowsOf(100, 100));
  EXPECT_EQ(cache.files(), 4u);
  ASSERT_NE(cache.Find("f0"), nullptr);  // f0 is now the most recent, f1 the least
  EXPECT_EQ(cache.Find("f0")->at("7").seq, 8);
  cache.Insert("f4", RowsOf(100, 100));
  EXPECT_EQ(cache.files(), 4u);
  EXPECT_EQ(cache.Find("f1"), nullptr);
  EXPECT_NE(cache.Find("f0"), nullptr);
  EXPECT_NE(cache.Find("f4"), nullptr);
  EXPECT_LE(cache.bytes(), one * 4 + one / 2);
}

TEST(RowCacheTest, AFileLargerThanAQuarterOfTheCapacityIsNotKeptNorLoadedAgain) {
  RowCache cache(RowCache::EstimateBytes(*RowsOf(100, 100)) * 2);
  EXPECT_TRUE(cache.WorthLoading("big", true));
  cache.Insert("big", RowsOf(100, 100));
  EXPECT_EQ(cache.Find("big"), nullptr);
  EXPECT_EQ(cache.bytes(), 0);
  EXPECT_FALSE(cache.WorthLoading("big", true));
  EXPECT_FALSE(cache.WorthLoading("big", false));
  EXPECT_FALSE(cache.WorthLoading("big", false));
}

TEST(RowCacheTest, StringsCountInTheEstimate) {
  EXPECT_GT(RowCache::EstimateBytes(*RowsOf(10, 1000)), RowCache::EstimateBytes(*RowsOf(10, 10)) + 9000);
}

TEST(RowCacheTest, ASmallFileIsWorthLoadingAtOnceALargerOneOnTheSecondAsk) {
  RowCache cache(1 << 20);
  EXPECT_TRUE(cache.WorthLoading("small", true));
  EXPECT_FALSE(cache.WorthLoading("f", false));
  EXPECT_TRUE(cache.WorthLoading("f", false));
  EXPECT_FALSE(cache.WorthLoading("f", false));  // asked again, it starts over
  cache.Insert("f", RowsOf(3, 1));
  EXPECT_FALSE(cache.WorthLoading("g", false));
  cache.Clear();
  EXPECT_EQ(cache.Find("f"), nullptr);
  EXPECT_EQ(cache.files(), 0u);
  EXPECT_FALSE(cache.WorthLoading("g", false));
}

TEST(RowCacheTest, CapacityZeroKeepsNothing) {
  RowCache cache(0);
  EXPECT_FALSE(cache.enabled());
  EXPECT_FALSE(cache.WorthLoading("f", true));
  cache.Insert("f", RowsOf(1, 1));
  EXPECT_EQ(cache.Find("f"), nullptr);
}

}  // namespace
}  // namespace kalam::cold
