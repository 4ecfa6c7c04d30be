#include <fmt/format.h>

#include "exec/handlers/handlers.h"
#include "exec/handlers/update_delete_support.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteDelete(const sql::Delete& stmt, const std::vector<Value>& params,
                                      ExecContext& ctx, Session& session) {
  KALAM_ASSIGN_OR_RETURN(catalog::TableRecord table, ResolveTable(stmt.table, ctx, session));
  KALAM_RETURN_IF_ERROR(catalog::RequireOnTable(session.caller.role, catalog::Action::kDelete, table));
  const std::string_view alias = stmt.alias ? std::string_view(*stmt.alias) : std::string_view();
  KALAM_RETURN_IF_ERROR(CheckReturning(table, stmt.returning, params, ctx, session, alias));
  const RowFilter filter{stmt.with, stmt.alias, stmt.using_list, stmt.where};
  KALAM_ASSIGN_OR_RETURN(std::vector<Row> rows, MatchingRows(table, filter, {}, {}, params, ctx, session));
  // Tombstones keep the old values: the change feed reports them as old_rows.
  KALAM_ASSIGN_OR_RETURN(int64_t written, WriteRows(table, rows, RowOp::kDelete, ctx, session));
  StatementResult result;
  result.row_count = written;
  result.message = RowCountMessage(written, "deleted");
  if (!stmt.returning.empty()) {
    KALAM_ASSIGN_OR_RETURN(result.rows, Returning(table, stmt.returning, rows, params, ctx, session, alias));
  }
  return result;
}

}  // namespace kalam::exec::handlers
