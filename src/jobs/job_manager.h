#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "catalog/table_record.h"
#include "jobs/job_context.h"

namespace kalam::jobs {

/// Runs background jobs (CONTRACT §6) on a worker thread, one at a time, and keeps their records
/// in system.jobs: queued → running → completed | failed. At most one job of a type per table is
/// queued or running; submitting another returns that one. Thread-safe.
class JobManager {
 public:
  explicit JobManager(JobContext ctx);
  ~JobManager();
  JobManager(const JobManager&) = delete;
  JobManager& operator=(const JobManager&) = delete;

  /// Marks jobs a crash left queued or running as failed, empties the scratch directory and
  /// starts the worker.
  Status Start();
  /// Finishes the running job, fails the queued ones, stops the worker. Idempotent.
  void Stop();

  struct Submitted {
    std::string job_id;
    /// True when a job of this type for this table was already queued or running.
    bool existing = false;
  };
  /// Queues a job of `type` for `table` (flush; other types are FEATURE_NOT_SUPPORTED for now).
  Result<Submitted> Submit(JobType type, const catalog::TableRecord& table);
  /// Blocks until no job is queued or running (tests).
  void WaitIdle();

 private:
  using ActiveKey = std::pair<JobType, std::string>;  // (type, "ns.table")
  void Run();
  void Execute(catalog::JobRecord job);
  Result<std::string> RunJob(const catalog::JobRecord& job);
  std::string NewJobId(JobType type);

  JobContext ctx_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<std::string> queue_;              // job ids, guarded by mu_
  std::map<ActiveKey, std::string> active_;    // guarded by mu_
  bool stopping_ = false;                      // guarded by mu_
  std::thread worker_;
};

}  // namespace kalam::jobs
