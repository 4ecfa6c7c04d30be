#include "exec/handlers/handlers.h"
#include "exec/handlers/update_delete_support.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteUpdate(const sql::Update& stmt, const std::vector<Value>& params,
                                      ExecContext& ctx, Session& session) {
  KALAM_ASSIGN_OR_RETURN(catalog::TableRecord table, ResolveTable(stmt.table, ctx, session));
  KALAM_RETURN_IF_ERROR(catalog::RequireOnTable(session.caller.role, catalog::Action::kUpdate, table));
  KALAM_ASSIGN_OR_RETURN(std::vector<size_t> targets, AssignmentTargets(table, stmt.assignments));
  const std::string_view alias = stmt.alias ? std::string_view(*stmt.alias) : std::string_view();
  KALAM_RETURN_IF_ERROR(CheckReturning(table, stmt.returning, params, ctx, session, alias));
  std::vector<std::string> expressions;
  std::vector<DataType> types;
  for (size_t k = 0; k < targets.size(); ++k) {
    expressions.push_back(stmt.assignments[k].expression);
    types.push_back(table.columns[targets[k]].type);
  }
  KALAM_ASSIGN_OR_RETURN(std::vector<Row> matches,
                         MatchingRows(table, RowFilter{stmt.with, stmt.alias, stmt.from, stmt.where}, expressions,
                                      types, params, ctx, session));
  const size_t n = table.columns.size();
  std::vector<Row> rows;
  std::vector<Row> old_rows;
  rows.reserve(matches.size());
  old_rows.reserve(matches.size());
  for (Row& m : matches) {
    Row row(m.begin(), m.begin() + static_cast<std::ptrdiff_t>(n));
    old_rows.push_back(row);
    for (size_t k = 0; k < targets.size(); ++k) row[targets[k]] = std::move(m[n + k]);
    KALAM_RETURN_IF_ERROR(AssignDefaults(table, stmt.assignments, targets, row, ctx, session));
    KALAM_RETURN_IF_ERROR(CheckNotNull(table, row));
    rows.push_back(std::move(row));
  }
  KALAM_ASSIGN_OR_RETURN(int64_t written, WriteRows(table, rows, RowOp::kUpdate, ctx, session, &old_rows));
  StatementResult result;
  result.row_count = written;
  result.message = RowCountMessage(written, "updated");
  if (!stmt.returning.empty()) {
    KALAM_ASSIGN_OR_RETURN(result.rows, Returning(table, stmt.returning, rows, params, ctx, session, alias));
  }
  return result;
}

}  // namespace kalam::exec::handlers
