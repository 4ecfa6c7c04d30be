#include "store/commit_queue.h"

#include <atomic>
#include <chrono>
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

/// Which threads wrote two batches: the first submitted (and written) by another thread, the
/// second submitted by this thread while the first's write still ran.
struct Writers {
  std::thread::id first;
  std::thread::id second;
};

Writers WriteOneBehindAnother(CommitQueue& commits) {
  std::atomic<bool> second_submitted{false};
  std::atomic<std::thread::id> first_writer{};
  std::thread::id second_writer;
  CommitQueue::Batch first, second;
  first.ops = {WriteOp{"t", "a", "1"}};
  second.ops = {WriteOp{"t", "b", "2"}};
  // The first write lasts until the second batch is queued behind it.
  first.done = [&](const Status&) {
    first_writer = std::this_thread::get_id();
    while (!second_submitted.load()) std::this_thread::yield();
  };
  second.done = [&](const Status&) { second_writer = std::this_thread::get_id(); };
  std::thread submitter([&] {
    commits.Submit(first);
    EXPECT_OK(commits.Await(first));
  });
  while (first_writer.load() == std::thread::id()) std::this_thread::yield();
  commits.Submit(second);
  second_submitted = true;
  EXPECT_OK(commits.Await(second));
  submitter.join();
  return Writers{first_writer.load(), second_writer};
}

TEST_F(CommitQueueTest, WithFsyncWhatQueuesDuringAWriteIsWrittenByTheCommitter) {
  CommitQueue commits(store_.get(), true);
  const Writers writers = WriteOneBehindAnother(commits);
  // The first batch's submitter wrote it; the second was written next by neither submitter (a
  // waiting submitter would sleep until woken: a thread wake-up between the two fsyncs).
  EXPECT_NE(writers.second, std::thread::id());
  EXPECT_NE(writers.second, writers.first);
  EXPECT_NE(writers.second, std::this_thread::get_id());
  ASSERT_OK_AND_ASSIGN(auto b, store_->Get("t", "b"));
  EXPECT_EQ(b, "2");
}

TEST_F(CommitQueueTest, WithoutFsyncAWaitingSubmitterWritesWhatQueuedDuringAWrite) {
  CommitQueue commits(store_.get(), false);
  // No committer thread without fsync: the lead passed to the second batch's submitter.
  EXPECT_EQ(WriteOneBehindAnother(commits).second, std::this_thread::get_id());
}

TEST_F(CommitQueueTest, WithFsyncTheCommitterWaitsForTheNextBatchBeforeItSleeps) {
  // A spin far longer than the test: the committer is certainly still waiting for work.
  CommitQueue commits(store_.get(), true, std::chrono::seconds(60));
  const Writers writers = WriteOneBehindAnother(commits);  // the committer wrote the second
  std::thread::id third_writer;
  CommitQueue::Batch third;
  third.ops = {WriteOp{"t", "c", "3"}};
  third.done = [&](const Status&) { third_writer = std::this_thread::get_id(); };
  commits.Submit(third);
  EXPECT_OK(commits.Await(third));
  // Written by the committer, not by this thread on finding the queue idle.
  EXPECT_EQ(third_writer, writers.second);
}

TEST_F(CommitQueueTest, WritesNowQuicklyOnlyWhileNobodyWritesAndWritesAreShort) {
  // Any write counts as short here (a loaded test machine's fsync can take over 8 ms): only
  // whether somebody writes decides.
  CommitQueue commits(store_.get(), true, kCommitterSpin, std::chrono::seconds(10));
  EXPECT_TRUE(commits.WritesNowQuickly());
  std::atomic<bool> writing{false};
  std::atomic<bool> release{false};
  CommitQueue::Batch batch;
  batch.ops = {WriteOp{"t", "a", "1"}};
  batch.done = [&](const Status&) {
    writing = true;
    while (!release.load()) std::this_thread::yield();
  };
  std::thread submitter([&] {
    commits.Submit(batch);
    EXPECT_OK(commits.Await(batch));
  });
  while (!writing.load()) std::this_thread::yield();
  EXPECT_FALSE(commits.WritesNowQuickly());  // a batch submitted now would wait for this write
  release = true;
  submitter.join();
  // The writing submitter's turn ended with its write (nothing queued behind it).
  EXPECT_TRUE(commits.WritesNowQuickly());
}

TEST_F(CommitQueueTest, AfterSlowWritesNothingWritesNowQuickly) {
  // Any fsync'd write (≥ 8 µs: the average moves by an eighth) counts as slow: once one is written,
  // submitters are told to wait elsewhere.
  CommitQueue commits(store_.get(), true, kCommitterSpin, std::chrono::microseconds(0));
  EXPECT_TRUE(commits.WritesNowQuickly());
  CommitQueue::Batch batch;
  batch.ops = {WriteOp{"t", "a", "1"}};
  commits.Submit(batch);
  EXPECT_OK(commits.Await(batch));
  EXPECT_FALSE(commits.WritesNowQuickly());
}

class CommitQueueDetachedTest : public CommitQueueTest, public ::testing::WithParamInterface<bool> {};

// Nobody awaits a detached batch: it is written all the same (by the committer, or with no
// committer by the submitting thread), after the awaited batch queued before it, and its `done`
// may free it (ASan checks the queue touches it no more).
TEST_P(CommitQueueDetachedTest, ADetachedBatchIsWrittenInOrderAndMayBeFreedByItsDone) {
  CommitQueue commits(store_.get(), GetParam());
  CommitQueue::Batch awaited;
  awaited.ops = {WriteOp{"t", "k", "awaited"}};
  std::mutex mu;
  std::vector<std::string> order;
  awaited.done = [&](const Status& s) {
    std::lock_guard lock(mu);
    order.push_back(s.ok() ? "awaited" : "awaited failed");
  };
  commits.Submit(awaited);
  std::atomic<int> finished{0};
  for (int i = 0; i < 3; ++i) {
    auto* batch = new CommitQueue::Batch;
    batch->ops = {WriteOp{"t", "k", "detached-" + std::to_string(i)}};
    batch->done = [&, batch, i](const Status& s) {
      {
        std::lock_guard lock(mu);
        order.push_back(s.ok() ? "detached-" + std::to_string(i) : "failed");
      }
      delete batch;
      ++finished;
    };
    commits.SubmitDetached(*batch);
  }
  ASSERT_OK(commits.Await(awaited));
  for (int spins = 0; spins < 1000 && finished < 3; ++spins) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_EQ(finished, 3);
  std::lock_guard lock(mu);
  EXPECT_EQ(order, (std::vector<std::string>{"awaited", "detached-0", "detached-1", "detached-2"}));
  ASSERT_OK_AND_ASSIGN(auto stored, store_->Get("t", "k"));
  EXPECT_EQ(stored, std::optional<std::string>("detached-2"));
}

INSTANTIATE_TEST_SUITE_P(SyncedOrNot, CommitQueueDetachedTest, ::testing::Bool());

class CommitQueueManyThreadsTest : public CommitQueueTest, public ::testing::WithParamInterface<bool> {};

TEST_P(CommitQueueManyThreadsTest, LoseNothing) {
  CommitQueue commits(store_.get(), GetParam());
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

INSTANTIATE_TEST_SUITE_P(SyncedOrNot, CommitQueueManyThreadsTest, ::testing::Bool());

}  // namespace
}  // namespace kalam::store
