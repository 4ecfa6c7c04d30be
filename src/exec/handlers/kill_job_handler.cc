#include <fmt/format.h>

#include "catalog/permissions.h"
#include "exec/handlers/handlers.h"
#include "jobs/job_manager.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteKillJob(const sql::KillJob& stmt, ExecContext& ctx, Session& session) {
  if (ctx.jobs == nullptr) return Status(ErrorCode::kFeatureNotSupported, "background jobs are not running");
  // Whoever may start a table's jobs may stop them; a job of no table (or of a dropped one), dba.
  std::optional<catalog::TableRecord> table;
  if (auto job = ctx.catalog->jobs().Get(stmt.job_id); job && job->namespace_id && job->table_name) {
    auto ns = NamespaceId::Parse(*job->namespace_id);
    auto name = TableName::Parse(*job->table_name);
    if (ns.ok() && name.ok()) table = ctx.catalog->tables().Get(TableId{*ns, *name});
  }
  if (table) {
    KALAM_RETURN_IF_ERROR(catalog::RequireOnTable(session.caller.role, catalog::Action::kTriggerJob, *table));
  } else {
    KALAM_RETURN_IF_ERROR(Permit(session, catalog::Action::kSelect, catalog::ObjectKind::kSystemTable, "kill jobs"));
  }
  KALAM_ASSIGN_OR_RETURN(catalog::JobRecord job, ctx.jobs->Kill(stmt.job_id, session.caller.username.value()));
  if (job.status != JobStatus::kCancelled) {
    return Status(ErrorCode::kInvalidParameter,
                  fmt::format("job {} {} before it could be cancelled", job.job_id, ToString(job.status)));
  }
  StatementResult result;
  result.message = fmt::format("Job {} cancelled.", job.job_id);
  result.audit = AuditNote{"KILL JOB", job.job_id, job.message};
  return result;
}

}  // namespace kalam::exec::handlers
