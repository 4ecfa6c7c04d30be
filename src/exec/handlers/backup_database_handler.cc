#include <filesystem>

#include <fmt/format.h>

#include "catalog/permissions.h"
#include "exec/handlers/handlers.h"
#include "jobs/job_manager.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteBackupDatabase(const sql::BackupDatabase& stmt, ExecContext& ctx, Session& session) {
  KALAM_RETURN_IF_ERROR(Permit(session, catalog::Action::kTriggerJob, catalog::ObjectKind::kDatabase, "back up the database"));
  if (ctx.jobs == nullptr) return Status(ErrorCode::kFeatureNotSupported, "background jobs are not running");
  // What can be told now is refused now (the job checks the rest: not inside the data or a storage).
  if (!stmt.path.starts_with('/')) {
    return Status(ErrorCode::kInvalidParameter, fmt::format("backup path \"{}\" must be absolute", stmt.path));
  }
  std::error_code ec;
  if (std::filesystem::exists(stmt.path, ec) &&
      !(std::filesystem::is_directory(stmt.path, ec) && std::filesystem::is_empty(stmt.path, ec))) {
    return Status(ErrorCode::kInvalidParameter,
                  fmt::format("backup path \"{}\" exists and is not an empty directory", stmt.path));
  }
  KALAM_ASSIGN_OR_RETURN(auto job, ctx.jobs->SubmitDatabaseJob(JobType::kBackup, stmt.path));
  StatementResult result;
  result.message = job.existing ? fmt::format("Backup already in progress: job {}", job.job_id)
                                : fmt::format("Backup started to '{}'. Job ID: {}", stmt.path, job.job_id);
  if (!job.existing) result.audit = AuditNote{"BACKUP DATABASE", stmt.path, job.job_id};
  return result;
}

}  // namespace kalam::exec::handlers
