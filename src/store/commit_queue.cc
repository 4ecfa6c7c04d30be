#include "store/commit_queue.h"

#include <exception>
#include <string>

#include "store/spin_wait.h"

namespace kalam::store {

CommitQueue::CommitQueue(Store* store, bool sync, std::chrono::microseconds committer_spin,
                         std::chrono::microseconds quick_write)
    : store_(store), sync_(sync), quick_write_(quick_write), committer_spin_(committer_spin) {
  if (sync_) committer_ = std::thread([this] { CommitLoop(); });
}

CommitQueue::~CommitQueue() {
  if (!committer_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_spinning_ = true;
  work_.notify_one();
  committer_.join();  // after its turn: what was queued is written
}

void CommitQueue::Submit(Batch& batch) {
  std::lock_guard lock(mu_);
  queue_.push_back(&batch);
  queued_.store(queue_.size(), std::memory_order_release);
}

void CommitQueue::SubmitDetached(Batch& batch) {
  std::unique_lock lock(mu_);
  batch.detached = true;
  queue_.push_back(&batch);
  queued_.store(queue_.size(), std::memory_order_release);
  if (writing_) return;  // the turn running now writes it, or hands it on
  SetWriting(true);
  if (committer_.joinable()) {
    committer_turn_ = true;
    work_.notify_one();
    return;
  }
  WriteQueued(lock);
  PassTurn(lock);
}

Status CommitQueue::Await(Batch& batch) {
  std::unique_lock lock(mu_);
  if (writing_) {
    SpinFor(batch.signaled, lock, sync_ ? std::chrono::microseconds(0) : kUnsyncedCommitSpin);
    batch.wake.wait(lock, [&] { return batch.result.has_value() || batch.lead; });
    if (batch.result) return *batch.result;
  } else if (batch.result) {
    return *batch.result;
  }
  // This thread writes: everything queued, its own batch included (it was submitted before and
  // nobody took it, or the lead was passed to it at the head of the queue).
  SetWriting(true);
  WriteQueued(lock);
  PassTurn(lock);
  return *batch.result;
}

void CommitQueue::WriteQueued(std::unique_lock<std::mutex>& lock) {
  std::vector<Batch*> group(queue_.begin(), queue_.end());
  queue_.clear();
  queued_.store(0, std::memory_order_release);
  lock.unlock();
  std::vector<const std::vector<WriteOp>*> ops;
  ops.reserve(group.size());
  for (Batch* b : group) ops.push_back(&b->ops);
  std::vector<Status> statuses;
  const auto start = std::chrono::steady_clock::now();
  try {
    statuses = store_->WriteGroup(ops, sync_);
  } catch (const std::exception& e) {
    statuses.assign(group.size(), Status(ErrorCode::kInternal, std::string("write failed: ") + e.what()));
  }
  const int64_t took_us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
  // One write at a time updates it: an average over about the last 8 writes.
  const int64_t average = average_write_us_.load(std::memory_order_relaxed);
  average_write_us_.store(average + (took_us - average) / 8, std::memory_order_relaxed);
  for (size_t i = 0; i < group.size(); ++i) {
    // A detached batch may be freed by its `done`: call a moved-out copy, and touch it no more.
    std::function<void(const Status&)> done;
    if (group[i]->detached) {
      done = std::move(group[i]->done);
      group[i] = nullptr;
    }
    const std::function<void(const Status&)>& call = group[i] == nullptr ? done : group[i]->done;
    if (!call) continue;
    try {
      call(statuses[i]);
    } catch (const std::exception&) {
      // The batch is written; a failing observer must not keep the others from their results.
    }
  }
  lock.lock();
  // Each submitter returns as soon as it sees its result: touch no batch after unlocking. The
  // writing submitter's own batch is signaled too: harmless, it is not waiting.
  for (size_t i = 0; i < group.size(); ++i) {
    if (group[i] == nullptr) continue;  // detached: done was its result
    group[i]->result = std::move(statuses[i]);
    Signal(*group[i]);
  }
}

void CommitQueue::PassTurn(std::unique_lock<std::mutex>& lock) {
  for (;;) {
    if (queue_.empty()) {
      SetWriting(false);
    } else if (committer_.joinable()) {
      committer_turn_ = true;
      work_.notify_one();
    } else if (queue_.front()->detached) {
      WriteQueued(lock);  // nobody waits to write it
      continue;
    } else {
      queue_.front()->lead = true;
      Signal(*queue_.front());
    }
    return;
  }
}

void CommitQueue::CommitLoop() {
  std::unique_lock lock(mu_);
  for (;;) {
    work_.wait(lock, [&] { return committer_turn_ || stopping_; });
    if (!committer_turn_) return;  // stopping, with no turn to finish
    do {
      while (!queue_.empty()) WriteQueued(lock);
    } while (SpinForWork(lock));
    committer_turn_ = false;
    SetWriting(false);
  }
}

bool CommitQueue::SpinForWork(std::unique_lock<std::mutex>& lock) {
  SpinUntil(
      [&] {
        return queued_.load(std::memory_order_acquire) != 0 || stop_spinning_.load(std::memory_order_relaxed);
      },
      lock, committer_spin_);
  return !queue_.empty();
}

}  // namespace kalam::store
