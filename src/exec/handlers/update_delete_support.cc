#include "exec/handlers/update_delete_support.h"

#include <fmt/format.h>

#include "exec/handlers/handlers.h"

namespace kalam::exec::handlers {

Result<std::vector<Row>> MatchingRows(const catalog::TableRecord& table, const std::optional<std::string>& where,
                                      const std::vector<std::string>& extra,
                                      const std::vector<DataType>& extra_types,
                                      const std::vector<Value>& params, ExecContext& ctx,
                                      const Session& session) {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (i > 0) sql += ", ";
    sql += QuoteIdent(table.columns[i].name);
  }
  for (size_t i = 0; i < extra.size(); ++i) {
    sql += ", (" + extra[i] + ")";
  }
  sql += " FROM " + QualifiedName(table);
  if (where) sql += " WHERE " + *where;
  KALAM_ASSIGN_OR_RETURN(RowSet result, RunQuery(sql, params, ctx, session));
  std::vector<Row> rows;
  rows.reserve(result.rows.size());
  const size_t n = table.columns.size();
  for (Row& source : result.rows) {
    Row row(n + extra.size());
    for (size_t i = 0; i < n + extra.size(); ++i) {
      const DataType& to = i < n ? table.columns[i].type : extra_types[i - n];
      KALAM_ASSIGN_OR_RETURN(row[i], ConvertCell(source[i], result.columns[i].type, to));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace kalam::exec::handlers
