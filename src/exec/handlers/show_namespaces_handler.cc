#include "exec/handlers/handlers.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteShowNamespaces(const sql::ShowNamespaces&, ExecContext& ctx,
                                              Session& session) {
  KALAM_ASSIGN_OR_RETURN(
      RowSet rows,
      RunQuery("SELECT * FROM system.namespaces ORDER BY namespace_id", {}, ctx, session));
  StatementResult result;
  result.row_count = static_cast<int64_t>(rows.rows.size());
  result.rows = std::move(rows);
  return result;
}

}  // namespace kalam::exec::handlers
