#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "common/status.h"
#include "store/spin_wait.h"
#include "store/store.h"

namespace kalam::store {

/// Makes the prepared batches of every shard writer durable together: the batches submitted while
/// one RocksDB write (and its fsync) runs are written next as one WriteBatch — one WAL record and,
/// with `sync`, one fsync for all of them, whichever shards they come from. Without it each shard
/// wrote on its own and RocksDB grouped only the writers that happened to wait at the same moment:
/// with fsync, 4 shards committed at half the rate of 1.
///
/// The caller that awaits a batch while nobody writes does the write for everything queued. What
/// was queued meanwhile is written next by one thread in turn:
/// - without fsync, a waiting submitter (it spins through the short write, so the lead passes
///   without a wake-up);
/// - with fsync, the queue's committer thread, which writes group after group while batches keep
///   coming, spins for up to kCommitterSpin when none are queued, and then sleeps. Passing the lead
///   to a sleeping submitter put a thread wake-up (~50 µs here) between every two fsyncs: a third
///   of the time the disk stood idle.
/// Batches are written in the order they were submitted, so a writer that submits in its commit
/// order keeps it.
class CommitQueue {
 public:
  /// Writes slower than this on average (a slow disk's fsync) are never done on an I/O thread
  /// (WritesNowQuickly): it would hold up every other connection of that thread meanwhile.
  static constexpr std::chrono::microseconds kQuickWrite{1000};

  /// `committer_spin`: how long the committer spins for more work before it sleeps (fsync'd only).
  /// `quick_write`: see WritesNowQuickly().
  CommitQueue(Store* store, bool sync, std::chrono::microseconds committer_spin = kCommitterSpin,
              std::chrono::microseconds quick_write = kQuickWrite);
  ~CommitQueue();
  CommitQueue(const CommitQueue&) = delete;
  CommitQueue& operator=(const CommitQueue&) = delete;

  /// Lives on its submitter's stack until Await() returns (or, submitted detached, until `done`).
  struct Batch {
    std::vector<WriteOp> ops;
    /// Called once the batch is written (or failed), by the thread that wrote it, in submission
    /// order, before Await() returns for it. Must be quick.
    std::function<void(const Status&)> done;

   private:
    friend class CommitQueue;
    template <typename Waiter>
    friend void Signal(Waiter& waiter);
    std::optional<Status> result;  // guarded by the queue's mutex
    bool lead = false;             // guarded by the queue's mutex: its submitter writes next
    bool detached = false;         // nobody awaits it (SubmitDetached)
    std::condition_variable wake;
    std::atomic<bool> signaled{false};  // result set, or lead passed (for spinning)
  };

  /// Queues the batch; returns at once. Await() must follow.
  void Submit(Batch& batch);
  /// Queues a batch nobody will await: it is written with the next group (on a queue without a
  /// committer, by this thread when nobody writes now) and `done` is its only news. The queue
  /// touches the batch no more once `done` is called, so `done` may free it. `done` must be set.
  void SubmitDetached(Batch& batch);
  /// Waits until the batch is written (writing it, with everything queued, when nobody else
  /// writes) and returns its status.
  Status Await(Batch& batch);
  bool synced() const { return sync_; }
  /// Whether a batch submitted now would most likely be written at once and soon: nobody writes
  /// (no write, no committer's turn) and recent writes, fsync included, took at most
  /// `quick_write` on average. Lets an I/O thread commit a small INSERT itself rather than hand it
  /// to a thread that may wait (two thread wake-ups less). A snapshot: by the time the batch is
  /// submitted, another may write.
  bool WritesNowQuickly() const {
    return !busy_.load(std::memory_order_relaxed) &&
           average_write_us_.load(std::memory_order_relaxed) <= quick_write_.count();
  }

 private:
  /// Writes everything queued as one group and hands each batch its result. Called with `lock`
  /// held by the thread whose turn it is; releases it during the write, holds it again on return.
  void WriteQueued(std::unique_lock<std::mutex>& lock);
  /// After a write: ends the turn, or gives it to whoever writes what was queued meanwhile
  /// (writing detached batches at the head itself when there is no committer: nobody awaits them).
  void PassTurn(std::unique_lock<std::mutex>& lock);
  /// The committer thread (fsync'd queues only).
  void CommitLoop();
  /// With the queue empty: spins, `lock` released, for up to `committer_spin_` until a batch is
  /// queued. Whether one was (`lock` held again on return).
  bool SpinForWork(std::unique_lock<std::mutex>& lock);
  /// Sets writing_ and its lock-free copy. Under mu_.
  void SetWriting(bool writing) {
    writing_ = writing;
    busy_.store(writing, std::memory_order_relaxed);
  }

  Store* store_;
  bool sync_;
  std::mutex mu_;
  std::deque<Batch*> queue_;         // guarded by mu_
  bool writing_ = false;             // guarded by mu_: somebody's turn to write runs
  std::atomic<bool> busy_{false};    // writing_, readable without mu_
  std::chrono::microseconds quick_write_;
  /// Moving average of the store writes' duration (set by the thread whose turn it is).
  std::atomic<int64_t> average_write_us_{0};
  bool committer_turn_ = false;      // guarded by mu_: the turn is the committer's
  bool stopping_ = false;            // guarded by mu_
  std::condition_variable work_;     // wakes the committer
  std::chrono::microseconds committer_spin_;
  std::atomic<size_t> queued_{0};        // queue_.size(), read by the spinning committer
  std::atomic<bool> stop_spinning_{false};
  std::thread committer_;
};

}  // namespace kalam::store
