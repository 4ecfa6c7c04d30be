#include "exec/handlers/update_delete_support.h"

#include <fmt/format.h>

#include "exec/handlers/handlers.h"

namespace kalam::exec::handlers {

namespace {

/// `source`'s cells converted to the table's column types, then `extra_types` for the rest.
Result<Row> Converted(const Row& source, const std::vector<ColumnInfo>& columns, const catalog::TableRecord& table,
                      const std::vector<DataType>& extra_types, size_t offset = 0) {
  const size_t n = table.columns.size();
  Row row(source.size());
  for (size_t i = 0; i < source.size(); ++i) {
    const size_t at = offset + i;
    const DataType& to = at < n ? table.columns[at].type : extra_types[at - n];
    KALAM_ASSIGN_OR_RETURN(row[i], ConvertCell(source[i], columns[i].type, to));
  }
  return row;
}

}  // namespace

Result<std::vector<size_t>> AssignmentTargets(const catalog::TableRecord& table,
                                              const std::vector<sql::Update::Assignment>& assignments) {
  std::vector<size_t> targets;
  for (const auto& a : assignments) {
    auto idx = table.FindColumn(a.column);
    if (!idx) {
      return Status(ErrorCode::kColumnNotFound,
                    fmt::format("column \"{}\" of relation \"{}\" does not exist", a.column, table.id.name.value()));
    }
    if (table.columns[*idx].primary_key) {
      return Status(ErrorCode::kFeatureNotSupported,
                    fmt::format("the primary key \"{}\" cannot be updated: delete and insert the row",
                                table.columns[*idx].name));
    }
    targets.push_back(*idx);
  }
  return targets;
}

Status AssignDefaults(const catalog::TableRecord& table, const std::vector<sql::Update::Assignment>& assignments,
                      const std::vector<size_t>& targets, Row& row, ExecContext& ctx, const Session& session) {
  for (size_t k = 0; k < assignments.size(); ++k) {
    if (!assignments[k].to_default) continue;
    KALAM_ASSIGN_OR_RETURN(row[targets[k]], ColumnDefault(table.columns[targets[k]], ctx, session));
  }
  return Status::OK();
}

Result<std::vector<Row>> MatchingRows(const catalog::TableRecord& table, const RowFilter& filter,
                                      const std::vector<std::string>& extra,
                                      const std::vector<DataType>& extra_types,
                                      const std::vector<Value>& params, ExecContext& ctx,
                                      const Session& session) {
  // With an alias or joined tables the table's columns are qualified (the other tables may have
  // the same names); without, they stay bare, as the planner-free point read expects them.
  const bool qualified = filter.alias || filter.joined;
  const std::string with = filter.with.value_or("");
  const std::string qualifier = QuoteIdent(filter.alias.value_or(table.id.name.value())) + ".";
  std::string columns;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (i > 0) columns += ", ";
    columns += (qualified ? qualifier : "") + QuoteIdent(table.columns[i].name);
  }
  const std::string from = " FROM " + QualifiedName(table) +
                           (filter.alias ? " AS " + QuoteIdent(*filter.alias) : "") +
                           (filter.joined ? ", " + *filter.joined : "") +
                           (filter.where ? " WHERE " + *filter.where : "");
  std::vector<Row> rows;
  // `WHERE pk = value` with SET expressions: the row by one read (the hot store or the cold row
  // cache), then the expressions over that row alone — not a planned scan of hot and cold rows.
  // Any error there takes the full path, which reports it as usual.
  const std::string lookup = "SELECT " + columns + from;
  if (!extra.empty() && !qualified && !filter.with &&
      ctx.engine->PointLookupColumn(lookup) == table.columns[table.PrimaryKeyIndex()].name) {
    KALAM_ASSIGN_OR_RETURN(RowSet found, RunWriteQuery(lookup, params, ctx, session));
    bool fast = found.rows.size() <= 1;
    for (const Row& source : found.rows) {
      KALAM_ASSIGN_OR_RETURN(Row row, Converted(source, found.columns, table, extra_types));
      auto computed = ctx.engine->QueryOnRow(table, row, extra, QueryContextOf(params, ctx, session));
      if (!computed.ok() || computed->rows.size() != 1) {
        fast = false;
        break;
      }
      KALAM_ASSIGN_OR_RETURN(Row values, Converted(computed->rows[0], computed->columns, table, extra_types,
                                                   table.columns.size()));
      row.insert(row.end(), std::make_move_iterator(values.begin()), std::make_move_iterator(values.end()));
      rows.push_back(std::move(row));
    }
    if (fast) return rows;
    rows.clear();
  }
  // A row joined to several rows of the other tables is read once (PostgreSQL updates it once).
  std::string sql = with + (filter.joined ? "SELECT DISTINCT ON (" + qualifier +
                                        QuoteIdent(table.columns[table.PrimaryKeyIndex()].name) + ") " + columns
                                  : "SELECT " + columns);
  for (const auto& e : extra) sql += ", (" + e + ")";
  KALAM_ASSIGN_OR_RETURN(RowSet result, RunWriteQuery(sql + from, params, ctx, session));
  rows.reserve(result.rows.size());
  for (const Row& source : result.rows) {
    KALAM_ASSIGN_OR_RETURN(Row row, Converted(source, result.columns, table, extra_types));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace kalam::exec::handlers
