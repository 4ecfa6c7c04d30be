#include "store/shard_writer.h"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "store/row_codec.h"
#include "testing/test_util.h"

namespace kalam::store {
namespace {

class ShardWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions o;
    o.path = (dir_.path() / "rocksdb").string();
    store_ = Store::Open(o).value();
    ASSERT_OK(store_->EnsureColumnFamily("t"));
    writer_ = std::make_unique<ShardWriter>(store_.get(), &seqs_, false, 16);
    writer_->Start();
  }
  void TearDown() override { writer_->Stop(); }
  static RowWrite Row(std::string key, WriteKind kind, bool deleted = false) {
    return RowWrite{"t", std::move(key), EncodeRow(0, deleted, 1, {1}, {int64_t{1}}), kind};
  }

  testing::TempDir dir_;
  SystemClock clock_;
  SnowflakeGenerator seqs_{0, &clock_};
  std::unique_ptr<Store> store_;
  std::unique_ptr<ShardWriter> writer_;
};

TEST_F(ShardWriterTest, InsertsAreUniqueAndAtomic) {
  ASSERT_OK_AND_ASSIGN(auto seqs, writer_->Write({Row("a", WriteKind::kInsert), Row("b", WriteKind::kInsert)}));
  ASSERT_EQ(seqs.size(), 2u);
  EXPECT_LT(seqs[0], seqs[1]);
  ASSERT_OK_AND_ASSIGN(auto stored, store_->Get("t", "a"));
  EXPECT_EQ(ReadSeq(*stored), seqs[0]);
  // "c" is new but "a" exists: nothing of the request is written.
  EXPECT_ERROR_CODE(writer_->Write({Row("c", WriteKind::kInsert), Row("a", WriteKind::kInsert)}),
                    ErrorCode::kUniqueViolation);
  ASSERT_OK_AND_ASSIGN(stored, store_->Get("t", "c"));
  EXPECT_FALSE(stored.has_value());
  // The same key twice in one request.
  EXPECT_ERROR_CODE(writer_->Write({Row("d", WriteKind::kInsert), Row("d", WriteKind::kInsert)}),
                    ErrorCode::kUniqueViolation);
}

TEST_F(ShardWriterTest, TombstonesAllowReinsertAndUpdatesSkipMissingRows) {
  ASSERT_OK(writer_->Write({Row("a", WriteKind::kInsert)}));
  ASSERT_OK_AND_ASSIGN(auto seqs, writer_->Write({Row("a", WriteKind::kTombstone, true),
                                                   Row("zz", WriteKind::kTombstone, true)}));
  EXPECT_GT(seqs[0], 0);
  EXPECT_EQ(seqs[1], 0);  // nothing to delete
  ASSERT_OK_AND_ASSIGN(seqs, writer_->Write({Row("a", WriteKind::kUpdate)}));
  EXPECT_EQ(seqs[0], 0);  // deleted rows are not updated
  ASSERT_OK(writer_->Write({Row("a", WriteKind::kInsert)}));
}

TEST_F(ShardWriterTest, ConcurrentWritersLoseNothing) {
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (!writer_->Write({Row(std::to_string(t) + "-" + std::to_string(i), WriteKind::kInsert)}).ok()) {
          ++failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
  int count = 0;
  ASSERT_OK(store_->ScanPrefix("t", "", [&](std::string_view, std::string_view) { return ++count, true; }));
  EXPECT_EQ(count, 1600);
}

}  // namespace
}  // namespace kalam::store
