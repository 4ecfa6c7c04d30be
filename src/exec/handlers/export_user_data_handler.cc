#include <fmt/format.h>

#include "exec/handlers/handlers.h"
#include "jobs/job_manager.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteExportUserData(const sql::ExportUserData&, ExecContext& ctx, Session& session) {
  // Any user may export their own rows (EXECUTE AS USER exports another's, for those who may).
  if (ctx.jobs == nullptr) return Status(ErrorCode::kFeatureNotSupported, "background jobs are not running");
  const UserId& user = session.caller.username;
  KALAM_ASSIGN_OR_RETURN(auto job, ctx.jobs->SubmitUserExport(user));
  StatementResult result;
  result.message = job.existing
                       ? fmt::format("Export already in progress for user '{}': job {}", user.value(), job.job_id)
                       : fmt::format("Export started for user '{}'. Job ID: {}", user.value(), job.job_id);
  if (!job.existing) result.audit = AuditNote{"EXPORT USER DATA", user.value(), job.job_id};
  return result;
}

}  // namespace kalam::exec::handlers
