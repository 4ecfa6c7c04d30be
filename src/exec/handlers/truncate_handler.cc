#include <fmt/format.h>

#include "exec/handlers/handlers.h"
#include "exec/handlers/update_delete_support.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteTruncate(const sql::Truncate& stmt, ExecContext& ctx, Session& session) {
  // Every table is resolved and checked before any row is deleted.
  std::vector<catalog::TableRecord> tables;
  for (const auto& ref : stmt.tables) {
    KALAM_ASSIGN_OR_RETURN(catalog::TableRecord table, ResolveTable(ref, ctx, session));
    KALAM_RETURN_IF_ERROR(catalog::RequireOnTable(session.caller.role, catalog::Action::kDelete, table));
    tables.push_back(std::move(table));
  }
  int64_t deleted = 0;
  for (const auto& table : tables) {
    KALAM_ASSIGN_OR_RETURN(std::vector<Row> rows, MatchingRows(table, RowFilter{}, {}, {}, {}, ctx, session));
    KALAM_ASSIGN_OR_RETURN(int64_t written, WriteRows(table, rows, RowOp::kDelete, ctx, session));
    deleted += written;
  }
  StatementResult result;
  result.row_count = deleted;
  result.message = tables.size() == 1 ? fmt::format("Table '{}' truncated: {}", tables[0].Key(),
                                                    RowCountMessage(deleted, "deleted"))
                                      : fmt::format("{} tables truncated: {}", tables.size(),
                                                    RowCountMessage(deleted, "deleted"));
  return result;
}

}  // namespace kalam::exec::handlers
