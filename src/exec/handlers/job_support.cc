#include "exec/handlers/job_support.h"

#include <fmt/format.h>

#include "catalog/permissions.h"
#include "jobs/job_manager.h"

namespace kalam::exec::handlers {

Result<StatementResult> StartTableJob(JobType type, const catalog::TableRecord& table, ExecContext& ctx,
                                      const Session& session) {
  KALAM_RETURN_IF_ERROR(catalog::RequireOnTable(session.caller.role, catalog::Action::kTriggerJob, table));
  const std::string_view what = type == JobType::kFlush ? "Flush" : "Compaction";
  if (table.type == TableType::kStream) {
    return Status(ErrorCode::kFeatureNotSupported,
                  fmt::format("{} is not supported for STREAM tables", type == JobType::kFlush ? "FLUSH" : "COMPACT"));
  }
  if (ctx.jobs == nullptr) return Status(ErrorCode::kFeatureNotSupported, "background jobs are not running");
  KALAM_ASSIGN_OR_RETURN(auto job, ctx.jobs->Submit(type, table));
  StatementResult result;
  result.message = job.existing
                       ? fmt::format("{} already in progress for table '{}': job {}", what, table.id, job.job_id)
                       : fmt::format("{} started for table '{}'. Job ID: {}", what, table.id, job.job_id);
  return result;
}

}  // namespace kalam::exec::handlers
