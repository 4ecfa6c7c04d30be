#pragma once

#include <atomic>
#include <chrono>
#include <mutex>

namespace kalam::store {

/// How long a writer whose request waits on another thread's commit spins before it sleeps, when
/// commits are not fsync'd. Such a commit (a group's checks and one WAL append) takes tens of µs:
/// spinning through it costs less CPU than a futex sleep and wake-up, and answers sooner
/// (bench/RESULTS.md, W1 without fsync). An fsync'd commit takes longer than a sleep: no spin.
inline constexpr std::chrono::microseconds kUnsyncedCommitSpin{50};

/// How long the committer of an fsync'd commit queue (CommitQueue) waits, spinning, for the next
/// batch once the queue is empty, before it sleeps: about one fsync'd write. Under load the next
/// batch comes within that time, and is written at once instead of by its submitter after the
/// committer went to sleep — and then with a wake-up of the committer for whatever queued behind
/// it (8 connections of fsync'd INSERTs: +4–6 % in alternating runs; 1 and 64 connections unchanged).
inline constexpr std::chrono::microseconds kCommitterSpin{200};

/// Tells the CPU this thread busy-waits (frees the core's resources for its sibling thread).
inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

/// Wakes a waiter (a queued request or batch with `signaled` and `wake`): marks it signaled for a
/// spinning waiter, then notifies its condition variable. Under the lock that guards the waiter.
template <typename Waiter>
void Signal(Waiter& waiter) {
  waiter.signaled.store(true, std::memory_order_release);
  waiter.wake.notify_one();
}

/// Spins for up to `budget`, with `lock` released, until `done()` (which must read atomics only)
/// is true; `lock` is held again on return. Nothing when the budget is 0 or `done()` already.
template <typename Done>
void SpinUntil(Done done, std::unique_lock<std::mutex>& lock, std::chrono::microseconds budget) {
  if (budget.count() <= 0 || done()) return;
  lock.unlock();
  const auto until = std::chrono::steady_clock::now() + budget;
  for (int i = 1; !done(); ++i) {
    CpuRelax();
    if (i % 32 == 0 && std::chrono::steady_clock::now() >= until) break;
  }
  lock.lock();
}

/// Before sleeping on a condition variable: spins for up to `budget`, with `lock` released, until
/// `signaled` is set. The caller then waits on the condition variable as usual (at once, when set).
inline void SpinFor(const std::atomic<bool>& signaled, std::unique_lock<std::mutex>& lock,
                    std::chrono::microseconds budget) {
  SpinUntil([&] { return signaled.load(std::memory_order_acquire); }, lock, budget);
}

}  // namespace kalam::store
