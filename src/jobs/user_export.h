#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "catalog/job_record.h"
#include "common/ids.h"
#include "jobs/job_context.h"

namespace kalam::jobs {

struct ExportStats {
  int64_t tables = 0;
  int64_t rows = 0;
  int64_t bytes = 0;
};

/// The parameters of an export job of `user` (`{"user":"alice"}`), and back.
std::string ExportParameters(const UserId& user);
std::optional<UserId> ExportUserOf(const catalog::JobRecord& job);

/// Where the export `job_id` of `user` is kept: `{exports_dir}/{user}/{job_id}.json`.
std::string ExportPath(const JobContext& ctx, const UserId& user, const std::string& job_id);

/// EXPORT USER DATA (CONTRACT §3): every row `user` has in USER and STREAM tables — what `SELECT *`
/// shows them there, hot and flushed rows alike — as one JSON document:
/// `{"user":…,"export_id":…,"exported_at":…,"tables":[{"namespace":…,"table":…,"table_type":…,
/// "schema":[…],"rows":[[…],…]},…]}`, schema and values encoded as the HTTP API encodes them.
/// Rows are read a page at a time in primary-key order; the file is written to the scratch
/// directory and renamed into place, so ExportPath holds a whole export or nothing. Only the
/// newest kKeptExports files of a user are kept. When `cancel` becomes true, stops before the next
/// page with QUERY_CANCELED and leaves no file.
Result<ExportStats> ExportUserData(const UserId& user, const std::string& job_id, const JobContext& ctx,
                                   const std::atomic<bool>* cancel = nullptr);

inline constexpr size_t kKeptExports = 3;

}  // namespace kalam::jobs
