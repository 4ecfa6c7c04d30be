#include "store/shard_writer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
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
  /// A started writer with a change log ("log") that logs family "t", reporting to `listener`.
  std::unique_ptr<ShardWriter> FeedWriter(ChangeListener* listener) {
    EXPECT_OK(store_->EnsureColumnFamily("log"));
    auto writer = std::make_unique<ShardWriter>(store_.get(), &seqs_, false, 16, ChangeFeedOptions{"log", 3600 * 1000});
    writer->SetListener(listener);
    writer->Start();
    Watch(*writer, "t");
    return writer;
  }
  /// Makes the started writer log `family`'s changes (as a subscription does); the watch's seq.
  static int64_t Watch(ShardWriter& writer, std::string family, std::string partition = {}) {
    int64_t since = -1;
    EXPECT_OK(writer.RunExclusive([&]() -> Status {
      KALAM_ASSIGN_OR_RETURN(since, writer.Watch(family, partition));
      return Status::OK();
    }));
    return since;
  }
  /// The seqs of the changes in the change log "log", in order.
  std::vector<int64_t> Logged() {
    std::vector<int64_t> seqs;
    EXPECT_OK(store_->ScanPrefix("log", "", [&](std::string_view key, std::string_view value) {
      if (!IsChangeLogSeqKey(key)) return true;  // the trim floor, the watch keys
      auto changes = DecodeChanges(FromBigEndian64(key), value);
      EXPECT_TRUE(changes.ok());
      if (!changes.ok()) return false;
      for (const Change& c : *changes) seqs.push_back(c.seq);
      return true;
    }));
    return seqs;
  }
  /// Waits (up to a second) until `n` requests wait in the writer's queue.
  static bool WaitQueued(const ShardWriter& writer, size_t n) {
    for (int spins = 0; spins < 1000 && writer.queued() != n; ++spins) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return writer.queued() == n;
  }
  /// Waits (up to a second) until `n` requests are submitted and not yet written.
  static bool WaitInFlight(const ShardWriter& writer, int n) {
    for (int spins = 0; spins < 1000 && writer.in_flight() != n; ++spins) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return writer.in_flight() == n;
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

/// Records the thread of each commit; the first commit can be held until released.
class ThreadRecorder : public ChangeListener {
 public:
  void OnCommit(std::vector<Change>&& changes) override {
    std::unique_lock lock(mu);
    threads.push_back(std::this_thread::get_id());
    sizes.push_back(changes.size());
    entered.notify_all();
    release.wait(lock, [&] { return released; });
  }
  /// Waits until `n` commits have reached the listener (the first of them is held there).
  void WaitEntered(size_t n) {
    std::unique_lock lock(mu);
    entered.wait(lock, [&] { return threads.size() == n; });
  }
  /// Lets the held commit (and every later one) go on.
  void Release() {
    {
      std::lock_guard lock(mu);
      released = true;
    }
    release.notify_all();
  }
  std::mutex mu;
  std::condition_variable entered, release;
  bool released = false;
  std::vector<std::thread::id> threads;
  std::vector<size_t> sizes;
};

TEST_F(ShardWriterTest, CallerCommitsItsOwnWriteAndWritesPreparedMeanwhileShareOneCommit) {
  ThreadRecorder recorder;
  auto owned = FeedWriter(&recorder);
  ShardWriter& writer = *owned;
  // Uncontended: the caller's own thread commits (no hand-off to another thread).
  std::thread first([&] { ASSERT_OK(writer.Write({Row("a", WriteKind::kInsert)})); });
  const std::thread::id first_id = first.get_id();
  recorder.WaitEntered(1);
  // While that commit is held, three callers' writes are prepared (the shard's lead was passed on)
  // and wait to be written; then one RocksDB write, on one of their threads, commits all three.
  std::vector<std::thread> queued;
  for (int i = 0; i < 3; ++i) {
    queued.emplace_back([&, i] { ASSERT_OK(writer.Write({Row("q" + std::to_string(i), WriteKind::kInsert)})); });
  }
  ASSERT_TRUE(WaitInFlight(writer, 4));
  EXPECT_EQ(writer.queued(), 0u);
  recorder.Release();
  first.join();
  for (auto& t : queued) t.join();
  writer.Stop();
  ASSERT_GE(recorder.threads.size(), 2u);
  EXPECT_EQ(recorder.threads[0], first_id);
  EXPECT_EQ(recorder.sizes[0], 1u);
  size_t later = 0;
  for (size_t i = 1; i < recorder.threads.size(); ++i) {
    EXPECT_EQ(recorder.threads[i], recorder.threads[1]);  // one write for everything prepared meanwhile
    later += recorder.sizes[i];
  }
  EXPECT_EQ(later, 3u);
  EXPECT_NE(recorder.threads[1], first_id);
}

TEST_F(ShardWriterTest, AWriteOfAKeyInFlightWaitsForItAndSeesIt) {
  ThreadRecorder recorder;
  auto owned = FeedWriter(&recorder);
  ShardWriter& writer = *owned;
  std::thread first([&] { ASSERT_OK(writer.Write({Row("a", WriteKind::kInsert)})); });
  recorder.WaitEntered(1);
  // "a" is in flight: a second insert of it is not prepared (checked against the store) until that
  // write is done, and then fails.
  Result<std::vector<int64_t>> again = std::vector<int64_t>{};
  std::thread second([&] { again = writer.Write({Row("a", WriteKind::kInsert)}); });
  ASSERT_TRUE(WaitInFlight(writer, 1));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(writer.in_flight(), 1);  // it waits instead of being prepared
  recorder.Release();
  first.join();
  second.join();
  EXPECT_ERROR_CODE(again, ErrorCode::kUniqueViolation);
}

TEST_F(ShardWriterTest, AnExclusiveTurnRunsOnceEveryEarlierWriteIsPublished) {
  ThreadRecorder recorder;
  auto owned = FeedWriter(&recorder);
  ShardWriter& writer = *owned;
  std::thread first([&] { ASSERT_OK(writer.Write({Row("a", WriteKind::kInsert)})); });
  recorder.WaitEntered(1);
  bool published_before = false;
  int64_t seen_seq = 0;
  std::thread turn([&] {
    ASSERT_OK(writer.RunExclusive([&] {
      std::lock_guard lock(recorder.mu);
      published_before = recorder.released;
      seen_seq = writer.last_seq();
      return Status::OK();
    }));
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  recorder.Release();
  first.join();
  turn.join();
  EXPECT_TRUE(published_before);
  EXPECT_NE(seen_seq, 0);
}

TEST_F(ShardWriterTest, WritersSharingACommitQueueShareOneWrite) {
  ThreadRecorder recorder;
  ASSERT_OK(store_->EnsureColumnFamily("log"));
  ASSERT_OK(store_->EnsureColumnFamily("log2"));
  ASSERT_OK(store_->EnsureColumnFamily("t2"));
  CommitQueue commits(store_.get(), false);
  ShardWriter one(store_.get(), &seqs_, false, 16, ChangeFeedOptions{"log", 3600 * 1000}, &commits);
  ShardWriter two(store_.get(), &seqs_, false, 16, ChangeFeedOptions{"log2", 3600 * 1000}, &commits);
  one.SetListener(&recorder);
  two.SetListener(&recorder);
  one.Start();
  two.Start();
  Watch(one, "t");
  Watch(two, "t2");
  std::thread first([&] { ASSERT_OK(one.Write({Row("a", WriteKind::kInsert)})); });
  recorder.WaitEntered(1);
  // The other shard's writes, prepared while the first write is held, are written together.
  std::vector<std::thread> others;
  for (int i = 0; i < 2; ++i) {
    others.emplace_back([&, i] {
      ASSERT_OK(two.Write({RowWrite{"t2", "k" + std::to_string(i), EncodeRow(0, false, 1, {1}, {int64_t{1}})}}));
    });
  }
  ASSERT_TRUE(WaitInFlight(two, 2));
  recorder.Release();
  first.join();
  for (auto& t : others) t.join();
  one.Stop();
  two.Stop();
  ASSERT_GE(recorder.threads.size(), 2u);
  for (size_t i = 2; i < recorder.threads.size(); ++i) EXPECT_EQ(recorder.threads[i], recorder.threads[1]);
  int count = 0;
  ASSERT_OK(store_->ScanPrefix("t2", "", [&](std::string_view, std::string_view) { return ++count, true; }));
  EXPECT_EQ(count, 2);
}

TEST_F(ShardWriterTest, AThrowingExclusiveTurnFailsAloneAndTheShardKeepsWriting) {
  Status thrown = writer_->RunExclusive([]() -> Status { throw std::runtime_error("boom"); });
  EXPECT_EQ(thrown.code(), ErrorCode::kInternal);
  EXPECT_NE(thrown.message().find("boom"), std::string::npos);
  // The lead was passed on: the next write commits instead of waiting forever.
  ASSERT_OK(writer_->Write({Row("after", WriteKind::kInsert)}));
}

TEST_F(ShardWriterTest, WritesWaitForStartAndFailWhenStoppedUnstarted) {
  ShardWriter waiting(store_.get(), &seqs_, false, 16);
  std::atomic<bool> done{false};
  std::thread early([&] {
    EXPECT_OK(waiting.Write({Row("early", WriteKind::kInsert)}));
    done = true;
  });
  ASSERT_TRUE(WaitQueued(waiting, 1));
  EXPECT_FALSE(done);
  waiting.Start();
  early.join();
  EXPECT_TRUE(done);
  waiting.Stop();
  EXPECT_ERROR_CODE(waiting.Write({Row("late", WriteKind::kInsert)}), ErrorCode::kShuttingDown);

  ShardWriter never(store_.get(), &seqs_, false, 16);
  std::thread orphan([&] {
    EXPECT_ERROR_CODE(never.Write({Row("orphan", WriteKind::kInsert)}), ErrorCode::kShuttingDown);
  });
  ASSERT_TRUE(WaitQueued(never, 1));
  never.Stop();
  orphan.join();
  ASSERT_OK_AND_ASSIGN(auto stored, store_->Get("t", "orphan"));
  EXPECT_FALSE(stored.has_value());
}

/// The results of WriteAsync calls, by key.
struct AsyncResults {
  ShardWriter::Callback For(std::string key) {
    return [this, key](Result<std::vector<int64_t>> r) {
      std::lock_guard lock(mu);
      codes[key].push_back(r.ok() ? ErrorCode::kOk : r.error().code());
      cv.notify_all();
    };
  }
  /// Waits (up to `timeout`) until `n` results are in.
  bool WaitFor(size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, timeout, [&] {
      size_t got = 0;
      for (const auto& [key, list] : codes) got += list.size();
      return got >= n;
    });
  }
  std::mutex mu;
  std::condition_variable cv;
  std::map<std::string, std::vector<ErrorCode>> codes;
};

class ShardWriterAsyncTest : public ShardWriterTest, public ::testing::WithParamInterface<bool> {};

// WriteAsync beside Write, from several threads, fsync'd or not: every request gets exactly one
// result, the first insert of a key wins and the second fails, and nothing is lost.
TEST_P(ShardWriterAsyncTest, AsyncAndWaitingWritersGetOneResultEachAndLoseNothing) {
  ShardWriter writer(store_.get(), &seqs_, GetParam(), 16);
  writer.Start();
  AsyncResults results;
  std::atomic<int> sync_failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        std::string key = std::to_string(t) + "-" + std::to_string(i);
        if (t % 2 == 0) {
          writer.WriteAsync({Row(key, WriteKind::kInsert)}, results.For(key));
        } else if (!writer.Write({Row(key, WriteKind::kInsert)}).ok()) {
          ++sync_failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  // A key inserted twice, both times without waiting.
  writer.WriteAsync({Row("twice", WriteKind::kInsert)}, results.For("twice"));
  writer.WriteAsync({Row("twice", WriteKind::kInsert)}, results.For("twice"));
  ASSERT_TRUE(results.WaitFor(202));
  writer.Stop();
  EXPECT_EQ(sync_failures, 0);
  std::lock_guard lock(results.mu);
  EXPECT_EQ(results.codes.size(), 201u);
  for (const auto& [key, list] : results.codes) {
    if (key == "twice") {
      // One wins, in either order of the answers: the second may be refused (the row is in the
      // store) before the first one's answer has been handed over.
      std::vector<ErrorCode> sorted = list;
      std::sort(sorted.begin(), sorted.end());
      EXPECT_EQ(sorted, (std::vector<ErrorCode>{ErrorCode::kOk, ErrorCode::kUniqueViolation}));
    } else {
      EXPECT_EQ(list, std::vector<ErrorCode>{ErrorCode::kOk}) << key;
    }
  }
  int count = 0;
  ASSERT_OK(store_->ScanPrefix("t", "", [&](std::string_view, std::string_view) { return ++count, true; }));
  EXPECT_EQ(count, 401);
}

INSTANTIATE_TEST_SUITE_P(SyncedOrNot, ShardWriterAsyncTest, ::testing::Bool());

TEST_F(ShardWriterTest, AWriteAsyncOfAKeyInFlightNeitherBlocksItsCallerNorMissesIt) {
  ThreadRecorder recorder;
  auto owned = FeedWriter(&recorder);
  ShardWriter& writer = *owned;
  std::thread first([&] { ASSERT_OK(writer.Write({Row("a", WriteKind::kInsert)})); });
  recorder.WaitEntered(1);  // "a" is being written, held in the listener
  AsyncResults results;
  // Returns at once although its group must wait for that write; it is prepared after it.
  writer.WriteAsync({Row("a", WriteKind::kInsert)}, results.For("a"));
  writer.WriteAsync({Row("b", WriteKind::kInsert)}, results.For("b"));
  EXPECT_FALSE(results.WaitFor(1, std::chrono::milliseconds(50)));
  EXPECT_EQ(writer.in_flight(), 1);
  recorder.Release();
  first.join();
  ASSERT_TRUE(results.WaitFor(2));
  std::lock_guard lock(results.mu);
  EXPECT_EQ(results.codes["a"], std::vector<ErrorCode>{ErrorCode::kUniqueViolation});
  EXPECT_EQ(results.codes["b"], std::vector<ErrorCode>{ErrorCode::kOk});
}

TEST_F(ShardWriterTest, AWriteAsyncBeforeStartWaitsForItOrFailsAtStop) {
  AsyncResults results;
  ShardWriter waiting(store_.get(), &seqs_, true, 16);
  waiting.WriteAsync({Row("early", WriteKind::kInsert)}, results.For("early"));
  EXPECT_FALSE(results.WaitFor(1, std::chrono::milliseconds(50)));
  waiting.Start();
  ASSERT_TRUE(results.WaitFor(1));
  waiting.Stop();
  ShardWriter never(store_.get(), &seqs_, true, 16);
  never.WriteAsync({Row("orphan", WriteKind::kInsert)}, results.For("orphan"));
  never.Stop();
  waiting.WriteAsync({Row("late", WriteKind::kInsert)}, results.For("late"));
  ASSERT_TRUE(results.WaitFor(3));
  std::lock_guard lock(results.mu);
  EXPECT_EQ(results.codes["early"], std::vector<ErrorCode>{ErrorCode::kOk});
  EXPECT_EQ(results.codes["orphan"], std::vector<ErrorCode>{ErrorCode::kShuttingDown});
  EXPECT_EQ(results.codes["late"], std::vector<ErrorCode>{ErrorCode::kShuttingDown});
  ASSERT_OK_AND_ASSIGN(auto stored, store_->Get("t", "orphan"));
  EXPECT_FALSE(stored.has_value());
}

/// Collects what the writer reports.
class Collector : public ChangeListener {
 public:
  void OnCommit(std::vector<Change>&& changes) override {
    for (auto& c : changes) seen.push_back(std::move(c));
  }
  std::vector<Change> seen;
};

TEST_F(ShardWriterTest, ChangeFeedReportsEveryCommittedWriteWithOldVersions) {
  Collector collector;
  auto owned = FeedWriter(&collector);
  ShardWriter& writer = *owned;
  auto row = [](std::string key, WriteKind kind, int64_t v, bool deleted = false) {
    return RowWrite{"t", std::move(key), EncodeRow(0, deleted, 1, {1}, {v}), kind};
  };
  ASSERT_OK(writer.Write({row("a", WriteKind::kInsert, 1)}));
  // Two versions of one key in one request: the second's old version is the first.
  ASSERT_OK(writer.Write({row("a", WriteKind::kUpdate, 2), row("a", WriteKind::kUpdate, 3)}));
  // A failed request reports nothing.
  EXPECT_ERROR_CODE(writer.Write({row("b", WriteKind::kInsert, 9), row("a", WriteKind::kInsert, 9)}),
                    ErrorCode::kUniqueViolation);
  // A skipped update (no live row) reports nothing; an update of a row the store has no hot
  // version of reports the caller's reading as the old version.
  RowWrite cold = row("c", WriteKind::kUpdate, 5);
  cold.old_value = EncodeRow(0, false, 1, {1}, {int64_t{4}});
  ASSERT_OK_AND_ASSIGN(auto skipped, writer.Write({std::move(cold)}));
  EXPECT_EQ(skipped[0], 0);
  ASSERT_OK(writer.Write({row("a", WriteKind::kTombstone, 3, true)}));
  writer.Stop();

  ASSERT_EQ(collector.seen.size(), 4u);
  auto value = [](const std::string& bytes) { return std::get<int64_t>(DecodeRow(bytes, {1}).value().values[0]); };
  EXPECT_EQ(collector.seen[0].kind, ChangeKind::kInsert);
  EXPECT_TRUE(collector.seen[0].old_value.empty());
  EXPECT_EQ(value(collector.seen[0].new_value), 1);
  EXPECT_EQ(collector.seen[1].kind, ChangeKind::kUpdate);
  EXPECT_EQ(value(collector.seen[1].old_value), 1);
  EXPECT_EQ(value(collector.seen[2].old_value), 2);
  EXPECT_EQ(value(collector.seen[2].new_value), 3);
  EXPECT_EQ(collector.seen[3].kind, ChangeKind::kDelete);
  EXPECT_EQ(value(collector.seen[3].old_value), 3);
  EXPECT_TRUE(ReadDeleted(collector.seen[3].new_value));
  for (size_t i = 1; i < collector.seen.size(); ++i) EXPECT_LT(collector.seen[i - 1].seq, collector.seen[i].seq);
  EXPECT_EQ(writer.last_seq(), collector.seen.back().seq);

  // The change log holds the same, in seq order, in the same batches as the rows.
  std::vector<Change> logged;
  ASSERT_OK(store_->ScanPrefix("log", "", [&](std::string_view key, std::string_view value) {
    if (key.size() != 8) return true;  // the trim floor
    auto changes = DecodeChanges(FromBigEndian64(key), value);
    EXPECT_TRUE(changes.ok());
    if (changes.ok()) {
      for (Change& c : *changes) logged.push_back(std::move(c));
    }
    return true;
  }));
  ASSERT_EQ(logged.size(), collector.seen.size());
  for (size_t i = 0; i < logged.size(); ++i) {
    EXPECT_EQ(logged[i].seq, collector.seen[i].seq);
    EXPECT_EQ(logged[i].kind, collector.seen[i].kind);
    EXPECT_EQ(logged[i].family, "t");
    EXPECT_EQ(logged[i].key, collector.seen[i].key);
    EXPECT_EQ(logged[i].old_value, collector.seen[i].old_value);
    EXPECT_EQ(logged[i].new_value, collector.seen[i].new_value);
  }
  EXPECT_ERROR_CODE(DecodeChanges(1, "\x07garbage"), ErrorCode::kInternal);
}

TEST_F(ShardWriterTest, AGroupLogsItsChangesInBlocksKeyedByTheirNewestSeq) {
  ASSERT_OK(store_->EnsureColumnFamily("log"));
  ShardWriter writer(store_.get(), &seqs_, false, 16, ChangeFeedOptions{"log", 3600 * 1000});
  writer.Start();
  Watch(writer, "t");
  // 3,000 rows of ~200 bytes in one request: more than one block's worth.
  std::vector<RowWrite> rows;
  for (int i = 0; i < 3000; ++i) {
    rows.push_back(RowWrite{"t", "k" + std::to_string(i), EncodeRow(0, false, 1, {1}, {std::string(200, 'v')}),
                            WriteKind::kInsert});
  }
  ASSERT_OK_AND_ASSIGN(auto seqs, writer.Write(std::move(rows)));
  ASSERT_OK_AND_ASSIGN(auto one, writer.Write({Row("k0", WriteKind::kUpdate)}));
  writer.Stop();
  seqs.push_back(one[0]);

  std::vector<int64_t> logged;
  int blocks = 0;
  ASSERT_OK(store_->ScanPrefix("log", "", [&](std::string_view key, std::string_view value) {
    if (key.size() != 8) return true;
    ++blocks;
    auto decoded = DecodeChanges(FromBigEndian64(key), value);
    EXPECT_TRUE(decoded.ok());
    if (!decoded.ok()) return false;
    const std::vector<Change>& changes = *decoded;
    EXPECT_LE(value.size(), ShardWriter::kMaxChangeBlockBytes + 1024);
    EXPECT_EQ(changes.back().seq, FromBigEndian64(key));
    for (const Change& c : changes) logged.push_back(c.seq);
    return true;
  }));
  EXPECT_EQ(logged, seqs);  // every change once, in seq order
  // ~600 KB of changes: three blocks of at most 256 KB, then the update's own block.
  EXPECT_EQ(blocks, 4);
}

TEST_F(ShardWriterTest, ChangeLogIsTrimmedToItsRetention) {
  ASSERT_OK(store_->EnsureColumnFamily("log"));
  // A stale entry from long ago, then a write: the first commit trims what is past retention.
  Change old{"t", "x", SeqAtMillis(clock_.NowMicros() / 1000 - 7200 * 1000), ChangeKind::kInsert, {}, "v"};
  ChangeBlockBuilder block;
  block.Add(old);
  ASSERT_OK(store_->Put("log", BigEndian64(old.seq), block.Finish(), false));
  ShardWriter writer(store_.get(), &seqs_, false, 16, ChangeFeedOptions{"log", 3600 * 1000});
  writer.Start();
  Watch(writer, "t");
  ASSERT_OK(writer.Write({Row("a", WriteKind::kInsert)}));
  writer.Stop();
  int count = 0;
  ASSERT_OK(store_->ScanPrefix("log", "", [&](std::string_view key, std::string_view) {
    if (key.size() == 8) ++count;
    return true;
  }));
  EXPECT_EQ(count, 1);
  // The floor records that changes before it are gone (a resume from before it must fail).
  // Exactly one above the newest change removed: resuming from that change itself is still gapless.
  ASSERT_OK_AND_ASSIGN(auto floor, store_->Get("log", kChangeLogFloorKey));
  ASSERT_TRUE(floor.has_value());
  EXPECT_EQ(*floor, BigEndian64(old.seq + 1));
}

TEST_F(ShardWriterTest, LastSeqIsRecoveredFromTheChangeLog) {
  ASSERT_OK(store_->EnsureColumnFamily("log"));
  int64_t written = 0;
  {
    ShardWriter first(store_.get(), &seqs_, false, 16, ChangeFeedOptions{"log", 3600 * 1000});
    first.Start();
    Watch(first, "t");
    ASSERT_OK(first.Write({Row("a", WriteKind::kInsert)}));
    ASSERT_OK(first.Write({Row("b", WriteKind::kInsert)}));
    written = first.last_seq();
    first.Stop();
  }
  ShardWriter second(store_.get(), &seqs_, false, 16, ChangeFeedOptions{"log", 3600 * 1000});
  EXPECT_EQ(second.last_seq(), 0);
  ASSERT_OK(second.RecoverLastSeq());
  EXPECT_EQ(second.last_seq(), written);  // a "restart" before any write knows where the log ends
}

TEST_F(ShardWriterTest, NoFloorWhileNothingWasTrimmed) {
  ASSERT_OK(store_->EnsureColumnFamily("log"));
  ShardWriter writer(store_.get(), &seqs_, false, 16, ChangeFeedOptions{"log", 3600 * 1000});
  writer.Start();
  Watch(writer, "t");
  ASSERT_OK(writer.Write({Row("a", WriteKind::kInsert)}));
  ASSERT_OK(writer.Write({Row("b", WriteKind::kInsert)}));
  writer.Stop();
  // Every change since the beginning is still there, so a resume from seq 0 must be allowed.
  ASSERT_OK_AND_ASSIGN(auto floor, store_->Get("log", kChangeLogFloorKey));
  EXPECT_FALSE(floor.has_value());
  ASSERT_OK_AND_ASSIGN(auto last, store_->LastKeyBefore("log", BigEndian64(INT64_MAX)));
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->size(), 8u);
  ASSERT_OK_AND_ASSIGN(auto none, store_->LastKeyBefore("log", ""));
  EXPECT_FALSE(none.has_value());
}

TEST_F(ShardWriterTest, OnlyWatchedFamiliesAreLoggedFromTheirWatchOn) {
  Collector collector;
  ASSERT_OK(store_->EnsureColumnFamily("log"));
  ASSERT_OK(store_->EnsureColumnFamily("t2"));
  int64_t since = 0;
  int64_t after_watch = 0;
  {
    ShardWriter writer(store_.get(), &seqs_, false, 16, ChangeFeedOptions{"log", 3600 * 1000});
    writer.SetListener(&collector);
    writer.Start();
    // Nobody watches "t": its writes build no changes and leave no change-log entry.
    ASSERT_OK_AND_ASSIGN(auto unlogged, writer.Write({Row("a", WriteKind::kInsert)}));
    EXPECT_TRUE(Logged().empty());
    EXPECT_TRUE(collector.seen.empty());
    EXPECT_FALSE(writer.watched("t"));
    // Only an exclusive turn may start a watch (so no commit of the shard is half-way) — and only
    // from the turn's own thread.
    EXPECT_ERROR_CODE(writer.Watch("t"), ErrorCode::kInternal);
    ASSERT_OK(writer.RunExclusive([&]() -> Status {
      std::thread other([&] { EXPECT_ERROR_CODE(writer.Watch("t"), ErrorCode::kInternal); });
      other.join();
      return Status::OK();
    }));
    EXPECT_FALSE(writer.watched("t"));
    // "t" held a row before its watch: its log starts after the shard's last commit.
    since = Watch(writer, "t");
    EXPECT_EQ(since, unlogged[0]);
    EXPECT_EQ(Watch(writer, "t"), since);  // a second watch changes nothing
    // "t2" never held a row: everything it will ever hold is logged, so its log starts at 0.
    EXPECT_EQ(Watch(writer, "t2"), 0);
    ASSERT_OK_AND_ASSIGN(auto logged, writer.Write({Row("b", WriteKind::kInsert), Row("a", WriteKind::kUpdate)}));
    EXPECT_EQ(Logged(), logged);
    ASSERT_EQ(collector.seen.size(), 2u);
    EXPECT_EQ(collector.seen[1].kind, ChangeKind::kUpdate);
    EXPECT_FALSE(collector.seen[1].old_value.empty());  // the old version of a row written unwatched
    after_watch = writer.last_seq();
    writer.Stop();
  }
  {
    // A restart knows what was watched and since when.
    ShardWriter again(store_.get(), &seqs_, false, 16, ChangeFeedOptions{"log", 3600 * 1000});
    ASSERT_OK(again.RecoverLastSeq());
    EXPECT_TRUE(again.watched("t"));
    EXPECT_TRUE(again.watched("t2"));
    EXPECT_EQ(again.last_seq(), after_watch);
    again.Start();
    EXPECT_EQ(Watch(again, "t"), since);
    // A dropped table's families are forgotten: no longer logged, no watch key left.
    ASSERT_OK(again.RunExclusive([&] { return again.Unwatch([](std::string_view f) { return f == "t"; }); }));
    EXPECT_FALSE(again.watched("t"));
    EXPECT_TRUE(again.watched("t2"));
    ASSERT_OK(again.Write({Row("c", WriteKind::kInsert)}));
    EXPECT_EQ(Logged().size(), 2u);
    ASSERT_OK_AND_ASSIGN(auto key, store_->Get("log", ChangeLogWatchKey("t")));
    EXPECT_FALSE(key.has_value());
    again.Stop();
  }
  // Seeks and trims by seq never meet a watch key, and the newest change is still found.
  ShardWriter third(store_.get(), &seqs_, false, 16, ChangeFeedOptions{"log", 3600 * 1000});
  ASSERT_OK(third.RecoverLastSeq());
  EXPECT_FALSE(third.watched("t"));
  EXPECT_EQ(third.last_seq(), after_watch);
}

TEST_F(ShardWriterTest, AWatchedPartitionLogsOnlyItsUsersRows) {
  Collector collector;
  ASSERT_OK(store_->EnsureColumnFamily("log"));
  auto user_row = [](std::string user, std::string pk, WriteKind kind) {
    return RowWrite{"t", UserRowKey(user, pk), EncodeRow(0, false, 1, {1}, {int64_t{1}}), kind};
  };
  int64_t bob_since = 0;
  {
    ShardWriter writer(store_.get(), &seqs_, false, 16, ChangeFeedOptions{"log", 3600 * 1000});
    writer.SetListener(&collector);
    writer.Start();
    ASSERT_OK_AND_ASSIGN(auto bob_first, writer.Write({user_row("bob", "1", WriteKind::kInsert)}));
    // alice's partition never held a row: her log starts at 0 although the family is not empty.
    EXPECT_EQ(Watch(writer, "t", "alice"), 0);
    EXPECT_TRUE(writer.watched("t", "alice"));
    EXPECT_FALSE(writer.watched("t", "bob"));
    EXPECT_FALSE(writer.watched("t"));
    // A user whose name is a prefix of a watched one's, or who shares a group with her, is not logged.
    ASSERT_OK_AND_ASSIGN(auto mixed, writer.Write({user_row("alice", "1", WriteKind::kInsert),
                                                   user_row("bob", "2", WriteKind::kInsert),
                                                   user_row("ali", "1", WriteKind::kInsert)}));
    EXPECT_EQ(Logged(), std::vector<int64_t>{mixed[0]});
    ASSERT_EQ(collector.seen.size(), 1u);
    EXPECT_EQ(collector.seen[0].key, UserRowKey("alice", "1"));
    // bob held rows: his log starts after the shard's last commit, and his update carries the
    // version written while he was not watched.
    bob_since = Watch(writer, "t", "bob");
    EXPECT_EQ(bob_since, mixed[2]);
    EXPECT_GT(bob_since, bob_first[0]);
    ASSERT_OK_AND_ASSIGN(auto update, writer.Write({user_row("bob", "1", WriteKind::kUpdate)}));
    EXPECT_EQ(Logged(), (std::vector<int64_t>{mixed[0], update[0]}));
    ASSERT_EQ(collector.seen.size(), 2u);
    EXPECT_FALSE(collector.seen[1].old_value.empty());
    writer.Stop();
  }
  // A restart restores each partition's watch; dropping the family forgets all of them.
  ShardWriter again(store_.get(), &seqs_, false, 16, ChangeFeedOptions{"log", 3600 * 1000});
  ASSERT_OK(again.RecoverLastSeq());
  again.Start();
  EXPECT_TRUE(again.watched("t", "alice"));
  EXPECT_FALSE(again.watched("t", "ali"));
  EXPECT_EQ(Watch(again, "t", "bob"), bob_since);
  // A whole-family watch (a SHARED table's) logs every partition.
  EXPECT_EQ(Watch(again, "t"), again.last_seq());
  EXPECT_TRUE(again.watched("t", "ali"));
  ASSERT_OK(again.RunExclusive([&] { return again.Unwatch([](std::string_view f) { return f == "t"; }); }));
  EXPECT_FALSE(again.watched("t", "alice"));
  for (std::string_view partition : {"alice", "bob", ""}) {
    ASSERT_OK_AND_ASSIGN(auto key, store_->Get("log", ChangeLogWatchKey("t", partition)));
    EXPECT_FALSE(key.has_value()) << partition;
  }
  again.Stop();
}

/// A listener whose subscriptions hold the partitions listed in `held`.
class Holder : public Collector {
 public:
  bool Holds(std::string_view family, std::string_view partition) const override {
    std::lock_guard lock(mu);
    return family == "t" && held.contains(std::string(partition));
  }
  mutable std::mutex mu;
  std::set<std::string> held;
};

TEST_F(ShardWriterTest, AWatchNobodyHoldsEndsAfterTheRetention) {
  Holder holder;
  ASSERT_OK(store_->EnsureColumnFamily("log"));
  constexpr int64_t kRetentionMs = 100;  // trims (and watch checks) at most every 100 ms
  ShardWriter writer(store_.get(), &seqs_, false, 16, ChangeFeedOptions{"log", kRetentionMs});
  writer.SetListener(&holder);
  writer.Start();
  auto user_row = [](std::string user, std::string pk) {
    return RowWrite{"t", UserRowKey(user, pk), EncodeRow(0, false, 1, {1}, {int64_t{1}}), WriteKind::kInsert};
  };
  // A write after more than the retention: a check (and trim) is due.
  int pk = 0;
  auto write_later = [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(3 * kRetentionMs));
    ASSERT_OK(writer.Write({user_row("carol", std::to_string(++pk))}));
  };
  holder.held = {"alice"};
  Watch(writer, "t", "alice");  // held by a subscription all along
  Watch(writer, "t", "bob");    // whose subscription ended before the first check
  Watch(writer, "t", "dave");   // watched again after a check found it unheld
  write_later();                // the first check: bob and dave unheld from now
  Watch(writer, "t", "dave");
  write_later();  // bob unheld for longer than the retention: his watch ends; dave's mark is new
  EXPECT_TRUE(writer.watched("t", "alice"));
  EXPECT_FALSE(writer.watched("t", "bob"));
  EXPECT_TRUE(writer.watched("t", "dave"));
  ASSERT_OK_AND_ASSIGN(auto bob_key, store_->Get("log", ChangeLogWatchKey("t", "bob")));
  EXPECT_FALSE(bob_key.has_value());
  ASSERT_OK_AND_ASSIGN(auto alice_key, store_->Get("log", ChangeLogWatchKey("t", "alice")));
  EXPECT_TRUE(alice_key.has_value());
  write_later();  // dave's too, now
  EXPECT_FALSE(writer.watched("t", "dave"));
  EXPECT_TRUE(writer.watched("t", "alice"));
  // bob's writes are no longer logged, and a new watch of him starts after the shard's last
  // commit: a cursor from his old watch is older than its seq, so it is refused, not resumed.
  ASSERT_OK_AND_ASSIGN(auto bob_write, writer.Write({user_row("bob", "1")}));
  for (int64_t seq : Logged()) EXPECT_NE(seq, bob_write[0]);
  EXPECT_EQ(Watch(writer, "t", "bob"), bob_write[0]);
  // With nothing watched any more the log is still trimmed: a stale block does not stay forever.
  holder.held.clear();
  ASSERT_OK(writer.RunExclusive([&] { return writer.Unwatch([](std::string_view) { return true; }); }));
  write_later();
  write_later();
  EXPECT_TRUE(Logged().empty());
  writer.Stop();
}

TEST_F(ShardWriterTest, AWriterWithoutChangeLogCannotWatch) {
  ASSERT_OK(writer_->RunExclusive([&]() -> Status {
    EXPECT_ERROR_CODE(writer_->Watch("t"), ErrorCode::kFeatureNotSupported);
    return Status::OK();
  }));
}

}  // namespace
}  // namespace kalam::store
