#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/job_record.h"
#include "catalog/record_table.h"

namespace kalam::catalog {

/// The jobs (system.jobs). Keeps the newest kMaxJobs finished jobs. Thread-safe.
class JobCatalog {
 public:
  static constexpr size_t kMaxJobs = 10000;

  JobCatalog(store::Store* store, serde::Format format) : table_(store, format, "job/") {}

  Status Load() { return table_.Load(); }
  std::optional<JobRecord> Get(const std::string& job_id) const { return table_.Get(job_id); }
  /// Oldest first.
  std::vector<JobRecord> List() const;
  /// Writes (creates or updates) the job; trims the oldest finished jobs beyond kMaxJobs.
  Status Put(const JobRecord& job);
  /// Marks jobs a crash left queued or running as failed (at start-up, before any job runs);
  /// returns how many.
  Result<size_t> FailInterrupted(int64_t now_us);

 private:
  RecordTable<JobRecord> table_;
};

}  // namespace kalam::catalog
