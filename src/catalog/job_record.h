#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/enums.h"
#include "serde/serde.h"

namespace kalam::catalog {

/// A background job (system.jobs, CONTRACT §6): a flush, a compaction, ...
struct JobRecord {
  /// JobIdPrefix(type) (common/enums.h) + "-" + 12 hex digits.
  std::string job_id;
  JobType type = JobType::kFlush;
  JobStatus status = JobStatus::kQueued;
  std::optional<std::string> namespace_id;
  std::optional<std::string> table_name;
  /// JSON text of the job's inputs ("{}" for none).
  std::string parameters = "{}";
  /// What happened: rows and files written, or the error.
  std::string message;
  int64_t created_at_us = 0;
  std::optional<int64_t> started_at_us;
  std::optional<int64_t> finished_at_us;

  bool IsActive() const { return status == JobStatus::kQueued || status == JobStatus::kRunning; }
  std::string Key() const { return job_id; }
  void Serialize(serde::Writer& w) const;
  static Result<JobRecord> Deserialize(const serde::Reader& r);
};

}  // namespace kalam::catalog
