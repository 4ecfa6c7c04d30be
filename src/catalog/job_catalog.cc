#include "catalog/job_catalog.h"

#include <algorithm>

namespace kalam::catalog {

std::vector<JobRecord> JobCatalog::List() const {
  std::vector<JobRecord> jobs = table_.List();
  std::stable_sort(jobs.begin(), jobs.end(), [](const JobRecord& a, const JobRecord& b) {
    return a.created_at_us < b.created_at_us;
  });
  return jobs;
}

Status JobCatalog::Put(const JobRecord& job) {
  KALAM_RETURN_IF_ERROR(table_.Put(job));
  if (job.IsActive() || table_.Size() <= kMaxJobs) return Status::OK();
  std::vector<JobRecord> jobs = List();
  size_t excess = jobs.size() - kMaxJobs;
  for (const auto& old : jobs) {
    if (excess == 0) break;
    if (old.IsActive()) continue;
    KALAM_RETURN_IF_ERROR(table_.Remove(old.Key()).status());
    --excess;
  }
  return Status::OK();
}

Result<size_t> JobCatalog::FailInterrupted(int64_t now_us) {
  size_t count = 0;
  for (JobRecord job : table_.List()) {
    if (!job.IsActive()) continue;
    job.message = job.status == JobStatus::kRunning ? "interrupted: the server stopped while the job ran"
                                                    : "interrupted: the server stopped before the job ran";
    job.status = JobStatus::kFailed;
    job.finished_at_us = now_us;
    KALAM_RETURN_IF_ERROR(table_.Put(job));
    ++count;
  }
  return count;
}

}  // namespace kalam::catalog
