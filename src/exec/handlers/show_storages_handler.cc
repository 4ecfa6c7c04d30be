#include "exec/handlers/handlers.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteShowStorages(const sql::ShowStorages&, ExecContext& ctx, Session& session) {
  KALAM_ASSIGN_OR_RETURN(RowSet rows, RunQuery("SELECT * FROM system.storages ORDER BY storage_id <> 'local', storage_id",
                                               {}, ctx, session));
  StatementResult result;
  result.row_count = static_cast<int64_t>(rows.rows.size());
  result.rows = std::move(rows);
  return result;
}

}  // namespace kalam::exec::handlers
