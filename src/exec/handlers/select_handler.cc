#include "exec/handlers/handlers.h"

#include <fmt/format.h>

namespace kalam::exec::handlers {

Result<RowSet> RunQuery(std::string_view sql, const std::vector<Value>& params, ExecContext& ctx,
                        const Session& session) {
  engine::QueryContext qctx;
  qctx.caller = session.caller;
  qctx.default_namespace = session.current_namespace;
  qctx.params = params;
  qctx.max_rows = ctx.max_result_rows;
  return ctx.engine->Query(sql, qctx);
}

Status RequireDba(const Session& session, std::string_view action) {
  Role role = session.caller.role;
  if (role == Role::kDba || role == Role::kSystem) return Status::OK();
  return Status(ErrorCode::kPermissionDenied, fmt::format("permission denied to {}", action));
}

Result<StatementResult> ExecuteSelect(const sql::Select& stmt, const std::vector<Value>& params,
                                      ExecContext& ctx, Session& session) {
  KALAM_ASSIGN_OR_RETURN(RowSet rows, RunQuery(stmt.text, params, ctx, session));
  StatementResult result;
  result.row_count = static_cast<int64_t>(rows.rows.size());
  result.rows = std::move(rows);
  return result;
}

}  // namespace kalam::exec::handlers
