#include "store/commit_queue.h"

#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace kalam::store {
namespace {

class CommitQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions o;
    o.path = (dir_.path() / "rocksdb").string();
    store_ = Store::Open(o).value();
    ASSERT_OK(store_->EnsureColumnFamily("t"));
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(CommitQueueTest, BatchesSubmittedTogetherAreWrittenInSubmissionOrderAndFailAlone) {
  CommitQueue commits(store_.get(), true);
  CommitQueue::Batch first, bad, last;
  first.ops = {WriteOp{"t", "k", "first"}};
  bad.ops = {WriteOp{"t", "x", "never"}, WriteOp{"no-such-family", "y", "never"}};
  last.ops = {WriteOp{"t", "k", "last"}};
  std::vector<std::string> order;
  first.done = [&](const Status& s) { order.push_back(s.ok() ? "first" : "first failed"); };
  bad.done = [&](const Status& s) { order.push_back(s.ok() ? "bad" : "bad failed"); };
  last.done = [&](const Status& s) { order.push_back(s.ok() ? "last" : "last failed"); };
  commits.Submit(first);
  commits.Submit(bad);
  commits.Submit(last);
  // Awaiting the last one writes all three (nobody else writes): in the order they were submitted.
  EXPECT_OK(commits.Await(last));
  EXPECT_OK(commits.Await(first));
  EXPECT_EQ(commits.Await(bad).code(), ErrorCode::kInternal);
  EXPECT_EQ(order, (std::vector<std::string>{"first", "bad failed", "last"}));
  ASSERT_OK_AND_ASSIGN(auto k, store_->Get("t", "k"));
  EXPECT_EQ(k, "last");
  ASSERT_OK_AND_ASSIGN(auto x, store_->Get("t", "x"));
  EXPECT_FALSE(x.has_value());  // the failed batch left nothing
}

TEST_F(CommitQueueTest, ManyThreadsLoseNothing) {
  CommitQueue commits(store_.get(), false);
  std::vector<std::thread> threads;
  std::mutex mu;
  int written = 0;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        CommitQueue::Batch b;
        b.ops = {WriteOp{"t", std::to_string(t) + "-" + std::to_string(i), "v"}};
        b.done = [&](const Status& s) {
          std::lock_guard lock(mu);
          if (s.ok()) ++written;
        };
        commits.Submit(b);
        ASSERT_OK(commits.Await(b));
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(written, 1600);
  int count = 0;
  ASSERT_OK(store_->ScanPrefix("t", "", [&](std::string_view, std::string_view) { return ++count, true; }));
  EXPECT_EQ(count, 1600);
}

}  // namespace
}  // namespace kalam::store
