#include "store/prezeroed_wal.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store/store.h"
#include "testing/test_util.h"

namespace kalam::store {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kSpareBytes = 1 << 20;

StoreOptions Options(const fs::path& path, int64_t prezero) {
  StoreOptions o;
  o.path = path.string();
  o.write_buffer_size = 8 << 20;
  o.prezero_wal_bytes = prezero;
  return o;
}

std::vector<uintmax_t> WalSizes(const fs::path& dir) {
  std::vector<uintmax_t> sizes;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".log") sizes.push_back(e.file_size());
  }
  return sizes;
}

std::string Key(int i) { return "k" + std::to_string(i); }

/// Writes one synced key with a spare-using store, runs `check` while it is open, then reopens it
/// and reads the key back.
void WriteAndReopen(const fs::path& path, const std::function<void()>& check) {
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Open(Options(path, kSpareBytes)));
    ASSERT_OK(store->Put(Store::kSystemFamily, "k", "v", true));
    check();
  }
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(Options(path, kSpareBytes)));
  ASSERT_OK_AND_ASSIGN(auto v, store->Get(Store::kSystemFamily, "k"));
  EXPECT_EQ(v.value_or(""), "v");
}

TEST(PrezeroedWalTest, WalsAreWrittenOverZerosAndEverySyncedWriteSurvivesACrash) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "rocksdb";
  const fs::path crashed_in_zeros = dir.path() / "crashed-in-zeros";
  const fs::path crashed = dir.path() / "crashed";
  const std::string big(10000, 'v');
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Open(Options(path, kSpareBytes)));
    ASSERT_OK(store->EnsureColumnFamily("t"));
    for (int i = 0; i < 50; ++i) ASSERT_OK(store->Put("t", Key(i), "small", true));
    // The WAL is the spare renamed: the spare's size, its records followed by zeros.
    EXPECT_EQ(WalSizes(path), std::vector<uintmax_t>{kSpareBytes});
    // A crash now: the files as they are on disk, the WAL's records followed by zeros.
    fs::copy(path, crashed_in_zeros, fs::copy_options::recursive);
    // Past the zeros the WAL grows as usual.
    for (int i = 50; i < 250; ++i) ASSERT_OK(store->Put("t", Key(i), big, true));
    // A crash once it has.
    fs::copy(path, crashed, fs::copy_options::recursive);
    // The next spare is made in the background.
    bool spare = false;
    for (int i = 0; i < 500 && !spare; ++i) {
      std::error_code ec;
      spare = fs::file_size(path / "WAL-SPARE", ec) == kSpareBytes;
      if (!spare) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_TRUE(spare);
  }
  // A clean close trims the zeros off the WAL.
  for (uintmax_t size : WalSizes(path)) EXPECT_NE(size, static_cast<uintmax_t>(kSpareBytes));
  for (const fs::path& p : {crashed_in_zeros, crashed, path}) {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Open(Options(p, kSpareBytes)));
    const int written = p == crashed_in_zeros ? 50 : 250;
    ASSERT_OK_AND_ASSIGN(auto past, store->Get("t", Key(written)));
    EXPECT_FALSE(past.has_value()) << p;
    for (int i = 0; i < written; ++i) {
      ASSERT_OK_AND_ASSIGN(auto v, store->Get("t", Key(i)));
      ASSERT_TRUE(v.has_value()) << p << " lost " << Key(i);
      EXPECT_EQ(*v, i < 50 ? "small" : big);
    }
    ASSERT_OK(store->Put("t", "after", "x", true));  // and it goes on writing
  }
}

TEST(PrezeroedWalTest, ASpareLeftHalfMadeOrOfAnotherSizeIsMadeAgain) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "rocksdb";
  fs::create_directories(path);
  std::ofstream(path / "WAL-SPARE") << "not zeros";
  std::ofstream(path / "WAL-SPARE.tmp") << "half";
  WriteAndReopen(path, [&] { EXPECT_EQ(WalSizes(path), std::vector<uintmax_t>{kSpareBytes}); });
}

TEST(PrezeroedWalTest, ASpareThatIsNotAllZerosIsNeverTurnedIntoAWal) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "rocksdb";
  fs::create_directories(path);
  // A power failure lost the rename that made the spare a WAL, not the records written into it.
  const std::string records = "stale WAL records that must never follow a new WAL's own";
  {
    std::ofstream spare(path / "WAL-SPARE", std::ios::binary);
    const std::string zeros(kSpareBytes, '\0');
    spare.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
    spare.seekp(kSpareBytes / 2);
    spare << records;
  }
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(Options(path, kSpareBytes)));
  ASSERT_OK(store->Put(Store::kSystemFamily, "k", "v", true));
  for (const auto& e : fs::directory_iterator(path)) {
    if (e.path().extension() != ".log") continue;
    ASSERT_EQ(e.file_size(), static_cast<uintmax_t>(kSpareBytes));  // made from a spare
    std::ifstream wal(e.path(), std::ios::binary);
    wal.seekg(kSpareBytes / 2);
    std::string middle(records.size(), 'x');
    wal.read(middle.data(), static_cast<std::streamsize>(middle.size()));
    EXPECT_EQ(middle, std::string(records.size(), '\0'));
  }
}

TEST(PrezeroedWalTest, WithoutASpareWalsAreMadeTheUsualWay) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "rocksdb";
  fs::create_directories(path / "WAL-SPARE.tmp" / "in-the-way");  // no spare can be made
  WriteAndReopen(path, [&] {
    for (uintmax_t size : WalSizes(path)) EXPECT_LT(size, 4096u);
  });
}

TEST(PrezeroedWalTest, OffWalsStartEmpty) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "rocksdb";
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(Options(path, 0)));
  ASSERT_OK(store->Put(Store::kSystemFamily, "k", "v", true));
  for (uintmax_t size : WalSizes(path)) EXPECT_LT(size, 4096u);
  EXPECT_FALSE(fs::exists(path / "WAL-SPARE"));
}

}  // namespace
}  // namespace kalam::store
