#include "exec/handlers/handlers.h"
#include "exec/handlers/job_support.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteCompactTable(const sql::CompactTable& stmt, ExecContext& ctx, Session& session) {
  KALAM_ASSIGN_OR_RETURN(catalog::TableRecord table, ResolveTable(stmt.table, ctx, session));
  return StartTableJob(JobType::kCompact, table, ctx, session);
}

}  // namespace kalam::exec::handlers
