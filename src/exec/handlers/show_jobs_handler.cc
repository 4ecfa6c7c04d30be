#include "exec/handlers/handlers.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteShowJobs(const sql::ShowJobs&, ExecContext& ctx, Session& session) {
  // system.jobs is dba-only: the engine's permission check answers for everyone else.
  KALAM_ASSIGN_OR_RETURN(RowSet rows, RunQuery("SELECT * FROM system.jobs ORDER BY created_at DESC, job_id", {}, ctx,
                                               session));
  StatementResult result;
  result.row_count = static_cast<int64_t>(rows.rows.size());
  result.rows = std::move(rows);
  return result;
}

}  // namespace kalam::exec::handlers
