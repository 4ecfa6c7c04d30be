#include <fmt/format.h>

#include "catalog/permissions.h"
#include "exec/handlers/handlers.h"
#include "exec/handlers/job_support.h"
#include "jobs/job_manager.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteFlushTable(const sql::FlushTable& stmt, ExecContext& ctx, Session& session) {
  if (stmt.table) {
    KALAM_ASSIGN_OR_RETURN(catalog::TableRecord table, ResolveTable(*stmt.table, ctx, session));
    return StartTableJob(JobType::kFlush, table, ctx, session);
  }
  if (ctx.jobs == nullptr) return Status(ErrorCode::kFeatureNotSupported, "background jobs are not running");
  std::vector<catalog::TableRecord> tables;
  if (stmt.ns) {
    if (!ctx.catalog->namespaces().Exists(*stmt.ns)) {
      return Status(ErrorCode::kNamespaceNotFound, fmt::format("namespace \"{}\" does not exist", stmt.ns->value()));
    }
    tables = ctx.catalog->tables().ListIn(*stmt.ns);
  } else {
    tables = ctx.catalog->tables().List();
  }
  std::vector<std::string> ids;
  for (const auto& table : tables) {
    if (table.type != TableType::kUser && table.type != TableType::kShared) continue;
    // Tables the caller may not flush are left out, as SHOW TABLES leaves nothing out to flush.
    if (!catalog::Allowed(session.caller.role, catalog::Action::kTriggerJob, catalog::KindOf(table))) continue;
    KALAM_ASSIGN_OR_RETURN(auto job, ctx.jobs->Submit(JobType::kFlush, table));
    ids.push_back(job.job_id);
  }
  if (ids.empty() && !catalog::Allowed(session.caller.role, catalog::Action::kTriggerJob, catalog::ObjectKind::kUserTable)) {
    return Status(ErrorCode::kPermissionDenied, "permission denied to flush tables");
  }
  StatementResult result;
  std::string list;
  for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
  result.message = ids.empty() ? std::string("No tables to flush.")
                               : fmt::format("Flush started for {} table{}. Job IDs: {}", ids.size(),
                                             ids.size() == 1 ? "" : "s", list);
  return result;
}

}  // namespace kalam::exec::handlers
