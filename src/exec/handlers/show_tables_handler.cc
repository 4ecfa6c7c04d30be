#include "exec/handlers/handlers.h"
#include "exec/handlers/table_support.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteShowTables(const sql::ShowTables& stmt, ExecContext& ctx, Session& session) {
  std::vector<Value> params;
  std::string sql = "SELECT * FROM system.tables";
  if (stmt.ns) {
    KALAM_RETURN_IF_ERROR(ctx.catalog->namespaces().Get(*stmt.ns));
    sql += " WHERE namespace_id = $1";
    params.emplace_back(stmt.ns->value());
  }
  sql += " ORDER BY namespace_id, table_name";
  KALAM_ASSIGN_OR_RETURN(RowSet rows, RunQuery(sql, params, ctx, session));
  StatementResult result;
  result.row_count = static_cast<int64_t>(rows.rows.size());
  result.rows = std::move(rows);
  return result;
}

Result<StatementResult> ExecuteDescribeTable(const sql::DescribeTable& stmt, ExecContext& ctx,
                                             Session& session) {
  KALAM_ASSIGN_OR_RETURN(catalog::TableRecord table, ResolveTable(stmt.table, ctx, session));
  KALAM_ASSIGN_OR_RETURN(
      RowSet rows,
      RunQuery("SELECT * FROM system.columns WHERE namespace_id = $1 AND table_name = $2 "
               "ORDER BY ordinal_position",
               {table.id.ns.value(), table.id.name.value()}, ctx, session));
  if (rows.rows.empty()) return catalog::TableNotFound(table.id);  // not readable by the caller
  StatementResult result;
  result.row_count = static_cast<int64_t>(rows.rows.size());
  result.rows = std::move(rows);
  return result;
}

}  // namespace kalam::exec::handlers
