#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "catalog/table_record.h"
#include "jobs/compact_job.h"
#include "jobs/job_context.h"

namespace kalam::jobs {

/// Runs background jobs (CONTRACT §6) on one worker thread, one at a time — so a flush and a
/// compaction of a table never overlap — and keeps their records in system.jobs:
/// queued → running → completed | failed. At most one job of a type per table is queued or
/// running; submitting another returns that one. A scheduler thread submits flushes by each
/// table's FLUSH_POLICY and the [flush] defaults, compactions when a flush leaves a partition
/// with more than [compaction] max_files_per_user files, deletes replaced files once no query
/// that may read them runs, and removes STREAM rows past their TTL. Thread-safe.
class JobManager {
 public:
  explicit JobManager(JobContext ctx);
  ~JobManager();
  JobManager(const JobManager&) = delete;
  JobManager& operator=(const JobManager&) = delete;

  /// Marks jobs a crash left queued or running as failed, empties the scratch directory and
  /// starts the worker and the scheduler.
  Status Start();
  /// Finishes the running job, cancels the queued ones, stops both threads. Idempotent.
  void Stop();

  struct Submitted {
    std::string job_id;
    /// True when a job of this type for this table was already queued or running.
    bool existing = false;
  };
  /// Queues a flush or a compaction of `table` (other types are FEATURE_NOT_SUPPORTED for now).
  /// A compaction merges the partitions with at least `min_files` files (COMPACT TABLE: 2).
  Result<Submitted> Submit(JobType type, const catalog::TableRecord& table, int64_t min_files = 2);
  /// Queues EXPORT USER DATA of `user` (user_export.h); while one of theirs is queued or running,
  /// returns that one.
  Result<Submitted> SubmitUserExport(const UserId& user);
  /// Queues BACKUP DATABASE TO `path` (type kBackup) or RESTORE DATABASE FROM `path` (kRestore;
  /// when it has staged the backup, the server restarts to apply it: backup.h). One of each at a
  /// time: while one is queued or running, returns that one.
  Result<Submitted> SubmitDatabaseJob(JobType type, const std::string& path);
  /// The file of `user`'s completed export `job_id` (GET /v1/exports/{id}): NOT_FOUND unless it is
  /// one of theirs (another user's looks like none), OBJECT_IN_USE while it is not completed.
  Result<std::string> ExportFileOf(const std::string& job_id, const UserId& user) const;
  /// KILL JOB: a queued job is cancelled at once; a running flush or compaction stops before its
  /// next partition (what it has moved stays moved, every partition is consistent), an export
  /// before its next page, a backup before its next storage — and this waits for it. Returns the job's record as it ended — `cancelled`, or `completed`/`failed` when it
  /// ended first. INVALID_PARAMETER for an unknown job or one that had already ended.
  Result<catalog::JobRecord> Kill(const std::string& job_id, const std::string& by);
  /// Blocks until no job is queued or running (tests).
  void WaitIdle();
  /// Removes expired rows of every STREAM table with a TTL (the scheduler does it every check
  /// interval). Returns how many rows went.
  int64_t EvictExpiredStreams();

 private:
  using ActiveKey = std::pair<JobType, std::string>;  // (type, "ns.table" or "user:name")
  static ActiveKey ActiveKeyOf(const catalog::JobRecord& job);
  Result<Submitted> Enqueue(catalog::JobRecord job);  // with mu_ held
  void Work();
  void Schedule();
  void CheckFlushPolicies();
  void DeleteReplacedFiles();
  /// Compacts the hot-store ranges flushes deleted (after the job is marked done).
  void CompactDeletedRanges();
  void Execute(catalog::JobRecord job);
  /// The job's work, by its type; its message, or why it failed.
  Result<std::string> Run(const catalog::JobRecord& job);
  Result<std::string> RunTableJob(const catalog::JobRecord& job, const catalog::TableRecord& table);
  Result<std::string> RunUserExport(const catalog::JobRecord& job);
  Result<std::string> RunDatabaseJob(const catalog::JobRecord& job);
  std::string NewJobId(JobType type);

  JobContext ctx_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<std::string> queue_;                     // job ids, guarded by mu_
  std::map<ActiveKey, std::string> active_;           // guarded by mu_
  std::map<std::string, int64_t> min_files_;          // compaction job id → min_files, guarded by mu_
  std::map<std::string, int64_t> last_flush_us_;      // "ns.table" → last flush or empty, guarded by mu_
  std::vector<ReplacedFile> replaced_;                // guarded by mu_
  bool replaced_added_ = false;                       // wakes the scheduler; guarded by mu_
  std::vector<std::tuple<std::string, std::string, std::string>> deleted_ranges_;  // guarded by mu_
  bool stopping_ = false;                             // guarded by mu_
  std::string running_;                               // the running job's id, guarded by mu_
  std::string cancelled_by_;                          // who killed the running job, guarded by mu_
  std::atomic<bool> cancel_{false};                   // the running job is to stop (read by it unlocked)
  std::thread worker_;
  std::thread scheduler_;
};

}  // namespace kalam::jobs
