#include "store/store.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace kalam::store {
namespace {

StoreOptions Options(const testing::TempDir& dir) {
  StoreOptions o;
  o.path = (dir.path() / "rocksdb").string();
  o.write_buffer_size = 1 << 20;
  return o;
}

TEST(StoreTest, PutGetDeleteAndPersist) {
  testing::TempDir dir;
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Open(Options(dir)));
    ASSERT_OK(store->Put(Store::kSystemFamily, "ns/app", "v1", true));
    ASSERT_OK(store->Put(Store::kSystemFamily, "ns/zed", "v2", true));
    ASSERT_OK(store->Delete(Store::kSystemFamily, "ns/zed", true));
    ASSERT_OK(store->EnsureColumnFamily("shared.app.t"));
    ASSERT_OK(store->Put("shared.app.t", "k", "row", false));
  }
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(Options(dir)));
  ASSERT_OK_AND_ASSIGN(auto v, store->Get(Store::kSystemFamily, "ns/app"));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(*v, "v1");
  ASSERT_OK_AND_ASSIGN(v, store->Get(Store::kSystemFamily, "ns/zed"));
  EXPECT_FALSE(v.has_value());
  EXPECT_TRUE(store->HasColumnFamily("shared.app.t"));
  ASSERT_OK_AND_ASSIGN(v, store->Get("shared.app.t", "k"));
  EXPECT_EQ(v.value_or(""), "row");
}

// Resident memory of this process in bytes (Linux).
int64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * 4096;
}

#if defined(__SANITIZE_ADDRESS__)
#define KALAM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KALAM_ASAN 1
#endif
#endif

TEST(StoreTest, ColumnFamiliesCostLittleMemoryBeforeTheyHoldData) {
#ifdef KALAM_ASAN
  GTEST_SKIP() << "AddressSanitizer's shadow memory makes RSS meaningless here";
#endif
  // Every family gets a memtable (and its bloom filter) when it is created. With the default
  // 32 MB write buffer a filter of 10% of it cost 3.2 MB per family: 80 families (20 USER tables
  // on 4 shards) took 250 MB. Now ~0.3 MB each.
  testing::TempDir dir;
  StoreOptions o = Options(dir);
  o.write_buffer_size = 32 << 20;
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(o));
  const int64_t before = ResidentBytes();
  for (int i = 0; i < 80; ++i) {
    const std::string family = "users.shard-" + std::to_string(i % 4) + ".app.t" + std::to_string(i);
    ASSERT_OK(store->EnsureColumnFamily(family));
    ASSERT_OK(store->Put(family, "k", "row", false));
  }
  const int64_t grown = ResidentBytes() - before;
  EXPECT_LT(grown, 80LL << 20) << "80 column families took " << (grown >> 20) << " MB";
}

TEST(StoreTest, PrefixScanIsOrderedAndBounded) {
  testing::TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(Options(dir)));
  ASSERT_OK(store->Write({{"system", "a/2", "x"}, {"system", "a/1", "y"}, {"system", "b/1", "z"}},
                         false));
  std::vector<std::string> keys;
  ASSERT_OK(store->ScanPrefix("system", "a/", [&](std::string_view k, std::string_view) {
    keys.emplace_back(k);
    return true;
  }));
  EXPECT_EQ(keys, (std::vector<std::string>{"a/1", "a/2"}));
}

TEST(StoreTest, KeyRangeAndSnapshots) {
  testing::TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(Options(dir)));
  ASSERT_OK(store->EnsureColumnFamily("t"));
  for (std::string k : {std::string("a\0", 2) + "1", std::string("a\0", 2) + "9", std::string("ab\0", 3) + "5",
                        std::string("b\0", 2) + "\xff"}) {
    ASSERT_OK(store->Put("t", k, "v", false));
  }
  ASSERT_OK_AND_ASSIGN(auto a, store->KeyRange("t", std::string("a\0", 2)));
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->first, "1");
  EXPECT_EQ(a->second, "9");
  ASSERT_OK_AND_ASSIGN(auto b, store->KeyRange("t", std::string("b\0", 2)));
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->second, "\xff");
  ASSERT_OK_AND_ASSIGN(auto all, store->KeyRange("t", ""));
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->first, std::string("a\0", 2) + "1");
  EXPECT_EQ(all->second, std::string("b\0", 2) + "\xff");
  ASSERT_OK_AND_ASSIGN(auto none, store->KeyRange("t", "c"));
  EXPECT_FALSE(none.has_value());

  // A snapshot keeps seeing what was there when it was taken.
  auto snapshot = store->GetSnapshot();
  ASSERT_OK(store->Put("t", std::string("a\0", 2) + "99", "v", false));
  ASSERT_OK(store->Delete("t", std::string("a\0", 2) + "1", false));
  ASSERT_OK_AND_ASSIGN(auto then, store->KeyRange("t", std::string("a\0", 2), snapshot.get()));
  EXPECT_EQ(then->first, "1");
  EXPECT_EQ(then->second, "9");
  ASSERT_OK_AND_ASSIGN(auto now, store->KeyRange("t", std::string("a\0", 2)));
  EXPECT_EQ(now->first, "9");
  EXPECT_EQ(now->second, "99");
  ASSERT_OK_AND_ASSIGN(auto old_value, store->Get("t", std::string("a\0", 2) + "1", snapshot.get()));
  EXPECT_TRUE(old_value.has_value());
}

TEST(StoreTest, CursorWalksThePrefixBackwards) {
  testing::TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(Options(dir)));
  ASSERT_OK(store->EnsureColumnFamily("t"));
  const std::string a("a\0", 2);
  for (std::string k : {std::string("\0", 1) + "0", a + "1", a + "5", a + "9", std::string("a\x01", 2),
                        std::string("b\0", 2) + "1", std::string("\xff\xff", 2) + "x"}) {
    ASSERT_OK(store->Put("t", k, "v" + k, false));
  }
  auto snapshot = store->GetSnapshot();
  ASSERT_OK(store->Put("t", a + "7", "later", false));
  auto backwards = [&](const std::string& prefix, const Snapshot* at) {
    std::vector<std::string> keys;
    auto cursor = store->NewCursor("t", prefix, at);
    EXPECT_TRUE(cursor.ok());
    for ((*cursor)->SeekToLast(); (*cursor)->Valid(); (*cursor)->Prev()) keys.emplace_back((*cursor)->key());
    EXPECT_OK((*cursor)->status());
    return keys;
  };
  // Only the prefix's keys, last first; neighbours on either side are not reached.
  EXPECT_EQ(backwards(a, snapshot.get()), (std::vector<std::string>{a + "9", a + "5", a + "1"}));
  EXPECT_EQ(backwards(a, nullptr), (std::vector<std::string>{a + "9", a + "7", a + "5", a + "1"}));
  // A prefix of 0xff bytes has no upper bound: its last key is the family's.
  EXPECT_EQ(backwards(std::string("\xff\xff", 2), nullptr), (std::vector<std::string>{std::string("\xff\xff", 2) + "x"}));
  EXPECT_TRUE(backwards("c", nullptr).empty());
  EXPECT_EQ(backwards("", nullptr).size(), 8u);
  // Prev and Next turn around on the spot.
  ASSERT_OK_AND_ASSIGN(auto cursor, store->NewCursor("t", a));
  cursor->SeekToLast();
  cursor->Prev();
  ASSERT_TRUE(cursor->Valid());
  EXPECT_EQ(cursor->key(), a + "7");
  cursor->Next();
  EXPECT_EQ(cursor->key(), a + "9");
}

TEST(StoreTest, IngestSortedPutsAndDeletes) {
  testing::TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(Options(dir)));
  ASSERT_OK(store->EnsureColumnFamily("cold.t"));
  ASSERT_OK(store->Put("cold.t", "b", "old", false));
  auto before = store->GetSnapshot();
  std::vector<Store::IngestEntry> entries = {{"a", std::string_view("1")}, {"b", std::nullopt}, {"c", std::string_view("3")}};
  ASSERT_OK(store->IngestSorted("cold.t", entries, dir.path().string()));
  ASSERT_OK_AND_ASSIGN(auto a, store->Get("cold.t", "a"));
  EXPECT_EQ(a, std::optional<std::string>("1"));
  ASSERT_OK_AND_ASSIGN(auto b, store->Get("cold.t", "b"));
  EXPECT_FALSE(b.has_value());
  ASSERT_OK_AND_ASSIGN(auto old_b, store->Get("cold.t", "b", before.get()));
  EXPECT_EQ(old_b, std::optional<std::string>("old"));  // a snapshot does not see the ingest
  ASSERT_OK_AND_ASSIGN(auto c, store->Get("cold.t", "c"));
  EXPECT_EQ(c, std::optional<std::string>("3"));
  // The scratch file is gone; the data survives a reopen.
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) EXPECT_NE(e.path().extension(), ".sst");
  before.reset();  // a snapshot must not outlive its store
  store.reset();
  ASSERT_OK_AND_ASSIGN(store, Store::Open(Options(dir)));
  ASSERT_OK_AND_ASSIGN(auto again, store->Get("cold.t", "c"));
  EXPECT_EQ(again, std::optional<std::string>("3"));
  // Out-of-order keys are refused, nothing written.
  std::vector<Store::IngestEntry> unsorted = {{"z", std::string_view("1")}, {"y", std::string_view("2")}};
  EXPECT_FALSE(store->IngestSorted("cold.t", unsorted, dir.path().string()).ok());
  ASSERT_OK_AND_ASSIGN(auto z, store->Get("cold.t", "z"));
  EXPECT_FALSE(z.has_value());
}

TEST(StoreTest, DropColumnFamilyRemovesData) {
  testing::TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(Options(dir)));
  ASSERT_OK(store->EnsureColumnFamily("t1"));
  ASSERT_OK(store->Put("t1", "k", "v", false));
  ASSERT_OK(store->DropColumnFamily("t1"));
  EXPECT_FALSE(store->HasColumnFamily("t1"));
  EXPECT_ERROR_CODE(store->Get("t1", "k"), ErrorCode::kInternal);
  ASSERT_OK(store->DropColumnFamily("t1"));
}

TEST(StoreTest, AGroupWriteFailsOnlyTheBatchThatCannotBeBuilt) {
  testing::TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(Options(dir)));
  ASSERT_OK(store->EnsureColumnFamily("t1"));
  const std::vector<WriteOp> good{WriteOp{"t1", "a", "1"}, WriteOp{"t1", "b", "2"}};
  const std::vector<WriteOp> bad{WriteOp{"t1", "c", "3"}, WriteOp{"no-such-family", "d", "4"}};
  const std::vector<WriteOp> also_good{WriteOp{"t1", "e", "5"}};
  auto statuses = store->WriteGroup({&good, &bad, &also_good}, true);
  ASSERT_EQ(statuses.size(), 3u);
  EXPECT_OK(statuses[0]);
  EXPECT_EQ(statuses[1].code(), ErrorCode::kInternal);
  EXPECT_OK(statuses[2]);
  std::string keys;
  ASSERT_OK(store->ScanPrefix("t1", "", [&](std::string_view k, std::string_view) { return keys += k, true; }));
  EXPECT_EQ(keys, "abe");  // "c" of the failed batch is not half-applied
}

}  // namespace
}  // namespace kalam::store
