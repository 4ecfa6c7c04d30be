#include "exec/handlers/handlers.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteShowUsers(const sql::ShowUsers&, ExecContext& ctx, Session& session) {
  // system.users is dba-only: the engine's permission check answers for everyone else.
  KALAM_ASSIGN_OR_RETURN(RowSet rows, RunQuery("SELECT * FROM system.users ORDER BY username", {}, ctx, session));
  StatementResult result;
  result.row_count = static_cast<int64_t>(rows.rows.size());
  result.rows = std::move(rows);
  return result;
}

}  // namespace kalam::exec::handlers
