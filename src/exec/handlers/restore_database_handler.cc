#include <fmt/format.h>

#include "catalog/permissions.h"
#include "exec/handlers/handlers.h"
#include "jobs/backup.h"
#include "jobs/job_manager.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteRestoreDatabase(const sql::RestoreDatabase& stmt, ExecContext& ctx, Session& session) {
  KALAM_RETURN_IF_ERROR(Permit(session, catalog::Action::kAlter, catalog::ObjectKind::kDatabase, "restore the database"));
  if (ctx.jobs == nullptr) return Status(ErrorCode::kFeatureNotSupported, "background jobs are not running");
  // A path that holds no complete backup is refused now, not by a job that fails later.
  KALAM_ASSIGN_OR_RETURN(jobs::BackupManifest backup, jobs::ReadBackup(stmt.path));
  KALAM_ASSIGN_OR_RETURN(auto job, ctx.jobs->SubmitDatabaseJob(JobType::kRestore, stmt.path));
  StatementResult result;
  result.message = job.existing
                       ? fmt::format("Restore already in progress: job {}", job.job_id)
                       : fmt::format("Restore started from '{}' (backup {} of {}). Job ID: {}; the server restarts "
                                     "to apply it",
                                     stmt.path, backup.job_id, backup.created_at, job.job_id);
  if (!job.existing) result.audit = AuditNote{"RESTORE DATABASE", stmt.path, job.job_id};
  return result;
}

}  // namespace kalam::exec::handlers
