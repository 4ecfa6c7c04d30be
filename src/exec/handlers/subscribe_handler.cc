#include <fmt/format.h>

#include "exec/handlers/handlers.h"
#include "live/live_manager.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteSubscribe(const sql::Subscribe& stmt, ExecContext& ctx, Session& session) {
  if (ctx.live == nullptr) return Status(ErrorCode::kFeatureNotSupported, "live queries are not running");
  // The same checks a subscription gets, so a query that would fail on the socket fails here.
  KALAM_RETURN_IF_ERROR(ctx.live->Check(session.caller, stmt.sql));
  StatementResult result;
  RowSet rows;
  const DataType text = DataType::Of(TypeId::kText);
  rows.columns = {ColumnInfo{"ws_url", text, {}}, ColumnInfo{"sql", text, {}}, ColumnInfo{"message", text, {}}};
  rows.rows.push_back(Row{ctx.ws_url, stmt.sql,
                          std::string("Live queries run over WebSocket: connect to ws_url, send "
                                      "{\"type\":\"authenticate\",\"token\":…}, then "
                                      "{\"type\":\"subscribe\",\"id\":\"s1\",\"sql\":…}.")});
  result.row_count = 1;
  result.rows = std::move(rows);
  return result;
}

}  // namespace kalam::exec::handlers
