#include <fmt/format.h>

#include "common/value_coerce.h"
#include "exec/handlers/handlers.h"
#include "exec/handlers/table_support.h"
#include "exec/handlers/upsert_support.h"

namespace kalam::exec::handlers {
namespace {

/// Target column index of each insert position.
Result<std::vector<size_t>> TargetColumns(const sql::Insert& stmt, const catalog::TableRecord& table) {
  std::vector<size_t> targets;
  if (stmt.default_values) return targets;  // every column its default
  if (stmt.columns.empty()) {
    for (size_t i = 0; i < table.columns.size(); ++i) targets.push_back(i);
    return targets;
  }
  for (const auto& name : stmt.columns) {
    auto idx = table.FindColumn(name);
    if (!idx) {
      return Status(ErrorCode::kColumnNotFound,
                    fmt::format("column \"{}\" of relation \"{}\" does not exist", name, table.id.name.value()));
    }
    for (size_t t : targets) {
      if (t == *idx) {
        return Status(ErrorCode::kSyntaxError, fmt::format("column \"{}\" specified more than once", name));
      }
    }
    targets.push_back(*idx);
  }
  return targets;
}

/// A row with every column at its default.
Result<Row> DefaultRow(const catalog::TableRecord& table, ExecContext& ctx, const Session& session) {
  Row row(table.columns.size());
  for (size_t i = 0; i < table.columns.size(); ++i) {
    KALAM_ASSIGN_OR_RETURN(row[i], ColumnDefault(table.columns[i], ctx, session));
  }
  return row;
}

/// The engine evaluates the expression cells of one VALUES row; the results are assigned to the
/// columns with PostgreSQL's assignment rules (so a DOUBLE into a BOOLEAN is 42804, not a cast).
Status EvaluateExpressions(const std::vector<sql::InsertValue>& values, const std::vector<size_t>& targets,
                           const catalog::TableRecord& table, const std::vector<Value>& params,
                           ExecContext& ctx, const Session& session, Row* row, const std::optional<std::string>& with) {
  std::string sql = with.value_or("") + "SELECT ";
  std::vector<size_t> positions;
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].kind != sql::InsertValue::Kind::kExpression) continue;
    if (!positions.empty()) sql += ", ";
    sql += "(" + values[i].expression + ")";
    positions.push_back(i);
  }
  if (positions.empty()) return Status::OK();
  KALAM_ASSIGN_OR_RETURN(RowSet result, RunQuery(sql, params, ctx, session));
  for (size_t k = 0; k < positions.size(); ++k) {
    size_t col = targets[positions[k]];
    KALAM_ASSIGN_OR_RETURN((*row)[col], ConvertCell(result.rows[0][k], result.columns[k].type,
                                                    table.columns[col].type));
  }
  return Status::OK();
}

/// VALUES rows: literals, parameters, DEFAULT and generated values never touch the engine.
Result<std::vector<Row>> ValuesRows(const sql::Insert& stmt, const std::vector<size_t>& targets,
                                    const catalog::TableRecord& table, const std::vector<Value>& params,
                                    ExecContext& ctx, const Session& session) {
  std::vector<Row> rows;
  rows.reserve(stmt.rows.size());
  for (const auto& values : stmt.rows) {
    if (values.size() != targets.size()) {
      return Status(ErrorCode::kSyntaxError,
                    values.size() > targets.size() ? "INSERT has more expressions than target columns"
                                                   : "INSERT has more target columns than expressions");
    }
    KALAM_ASSIGN_OR_RETURN(Row row, DefaultRow(table, ctx, session));
    for (size_t i = 0; i < values.size(); ++i) {
      const sql::InsertValue& v = values[i];
      const catalog::ColumnDef& col = table.columns[targets[i]];
      switch (v.kind) {
        case sql::InsertValue::Kind::kLiteral: {
          auto coerced = CoerceValue(v.literal, col.type);
          // As PostgreSQL: a literal that does not fit its column is pointed at.
          if (!coerced.ok()) {
            return coerced.status().WithPosition(v.position > 0 ? std::optional<int>(v.position) : std::nullopt);
          }
          row[targets[i]] = std::move(*coerced);
          break;
        }
        case sql::InsertValue::Kind::kParameter: {
          if (v.parameter < 1 || static_cast<size_t>(v.parameter) > params.size()) {
            return Status(ErrorCode::kInvalidParameter, fmt::format("there is no parameter ${}", v.parameter));
          }
          KALAM_ASSIGN_OR_RETURN(row[targets[i]], CoerceValue(params[v.parameter - 1], col.type));
          break;
        }
        case sql::InsertValue::Kind::kDefault:
          break;
        case sql::InsertValue::Kind::kGenerated: {
          Value g = GeneratedValue(v.generated, col.type, ctx, session);
          if (std::holds_alternative<std::string>(g)) {
            KALAM_ASSIGN_OR_RETURN(g, CoerceValue(g, col.type));
          }
          row[targets[i]] = std::move(g);
          break;
        }
        case sql::InsertValue::Kind::kExpression:
          break;
      }
    }
    KALAM_RETURN_IF_ERROR(EvaluateExpressions(values, targets, table, params, ctx, session, &row, stmt.with));
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<Row>> SelectRows(const sql::Insert& stmt, const std::vector<size_t>& targets,
                                    const catalog::TableRecord& table, const std::vector<Value>& params,
                                    ExecContext& ctx, const Session& session) {
  KALAM_ASSIGN_OR_RETURN(RowSet result, RunWriteQuery(stmt.with.value_or("") + *stmt.select, params, ctx, session));
  if (result.columns.size() != targets.size()) {
    return Status(ErrorCode::kSyntaxError,
                  result.columns.size() > targets.size() ? "INSERT has more expressions than target columns"
                                                         : "INSERT has more target columns than expressions");
  }
  std::vector<Row> rows;
  for (const Row& source : result.rows) {
    KALAM_ASSIGN_OR_RETURN(Row row, DefaultRow(table, ctx, session));
    for (size_t i = 0; i < targets.size(); ++i) {
      KALAM_ASSIGN_OR_RETURN(row[targets[i]], ConvertCell(source[i], result.columns[i].type,
                                                          table.columns[targets[i]].type));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

bool IsQuickInsert(const sql::Insert& stmt, const ExecContext& ctx) {
  return ctx.writers->CommitsNowQuickly() && IsLiteralInsert(stmt);
}

bool IsLiteralInsert(const sql::Insert& stmt) {
  constexpr size_t kMaxQuickRows = 16;
  if (stmt.select || stmt.rows.size() > kMaxQuickRows) return false;
  // DO UPDATE reads the stored rows first; DO NOTHING is a plain write. RETURNING expressions are
  // evaluated by the engine, which a commit's completion must not wait for.
  if (stmt.on_conflict && stmt.on_conflict->action != sql::OnConflict::Action::kNothing) return false;
  for (const auto& item : stmt.returning) {
    if (!item.plain()) return false;
  }
  for (const auto& row : stmt.rows) {
    for (const auto& v : row) {
      if (v.kind == sql::InsertValue::Kind::kExpression) return false;
    }
  }
  return true;
}

namespace {

/// What an INSERT writes: its table and its full rows, checked.
struct InsertRows {
  catalog::TableRecord table;
  std::vector<Row> rows;
};

Result<InsertRows> RowsToInsert(const sql::Insert& stmt, const std::vector<Value>& params, ExecContext& ctx,
                                Session& session) {
  KALAM_ASSIGN_OR_RETURN(catalog::TableRecord table, ResolveTable(stmt.table, ctx, session));
  InsertRows out{std::move(table), {}};
  KALAM_RETURN_IF_ERROR(catalog::RequireOnTable(session.caller.role, catalog::Action::kInsert, out.table));
  if (stmt.on_conflict) KALAM_RETURN_IF_ERROR(CheckOnConflict(*stmt.on_conflict, out.table, session));
  KALAM_RETURN_IF_ERROR(CheckReturning(out.table, stmt.returning, params, ctx, session, stmt.alias.value_or("")));
  KALAM_ASSIGN_OR_RETURN(std::vector<size_t> targets, TargetColumns(stmt, out.table));
  if (stmt.select) {
    KALAM_ASSIGN_OR_RETURN(out.rows, SelectRows(stmt, targets, out.table, params, ctx, session));
  } else {
    KALAM_ASSIGN_OR_RETURN(out.rows, ValuesRows(stmt, targets, out.table, params, ctx, session));
  }
  for (const Row& row : out.rows) KALAM_RETURN_IF_ERROR(CheckNotNull(out.table, row));
  return out;
}

/// The statement's result once `written` rows are in, with RETURNING's rows (if any).
StatementResult Inserted(size_t written, std::optional<RowSet> returned) {
  StatementResult result;
  result.row_count = static_cast<int64_t>(written);
  result.message = RowCountMessage(result.row_count, "inserted");
  result.rows = std::move(returned);
  return result;
}

/// The result of a synchronous INSERT: RETURNING may evaluate expressions through the engine.
Result<StatementResult> Inserted(const sql::Insert& stmt, const catalog::TableRecord& table,
                                 const std::vector<Row>& written, const std::vector<Value>& params, ExecContext& ctx,
                                 const Session& session) {
  if (stmt.returning.empty()) return Inserted(written.size(), std::nullopt);
  KALAM_ASSIGN_OR_RETURN(RowSet rows,
                         Returning(table, stmt.returning, written, params, ctx, session, stmt.alias.value_or("")));
  return Inserted(written.size(), std::move(rows));
}

/// The rows written: all of them, or when rows may be skipped (ON CONFLICT DO NOTHING) those whose
/// _seq is not 0.
std::vector<Row> WrittenRows(bool may_skip, std::vector<Row> rows, const std::vector<int64_t>& seqs) {
  if (!may_skip) return rows;
  std::vector<Row> out;
  out.reserve(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    if (seqs[r] != 0) out.push_back(std::move(rows[r]));
  }
  return out;
}

/// How each row is written: an insert, or with ON CONFLICT DO NOTHING an insert unless the key
/// holds a live row.
std::vector<store::WriteKind> InsertKinds(const sql::Insert& stmt, size_t rows) {
  return std::vector<store::WriteKind>(rows, stmt.on_conflict ? store::WriteKind::kInsertIfAbsent
                                                              : store::WriteKind::kInsert);
}

}  // namespace

Result<StatementResult> ExecuteInsert(const sql::Insert& stmt, const std::vector<Value>& params,
                                      ExecContext& ctx, Session& session) {
  KALAM_ASSIGN_OR_RETURN(InsertRows insert, RowsToInsert(stmt, params, ctx, session));
  if (stmt.on_conflict && stmt.on_conflict->action == sql::OnConflict::Action::kUpdate) {
    KALAM_ASSIGN_OR_RETURN(Upserted upserted, Upsert(stmt, insert.table, insert.rows, params, ctx, session));
    return Inserted(stmt, insert.table, upserted.rows, params, ctx, session);
  }
  KALAM_ASSIGN_OR_RETURN(std::vector<int64_t> seqs,
                         WriteRowKinds(insert.table, insert.rows, InsertKinds(stmt, insert.rows.size()), ctx, session));
  std::vector<Row> written = WrittenRows(stmt.on_conflict.has_value(), std::move(insert.rows), seqs);
  return Inserted(stmt, insert.table, written, params, ctx, session);
}

void StartInsert(const sql::Insert& stmt, const std::vector<Value>& params, ExecContext& ctx, Session& session,
                 std::function<void(Result<StatementResult>)> done) {
  if (!IsLiteralInsert(stmt)) {  // (DO UPDATE reads rows through the engine: not here)
    return done(Status(ErrorCode::kInternal, "StartInsert takes literal INSERTs only"));
  }
  auto insert = RowsToInsert(stmt, params, ctx, session);
  if (!insert.ok()) return done(insert.error());
  auto shared = std::make_shared<InsertRows>(std::move(insert).value());
  WriteRowKindsAsync(shared->table, shared->rows, InsertKinds(stmt, shared->rows.size()), ctx, session,
                     [shared, returning = stmt.returning, may_skip = stmt.on_conflict.has_value(),
                      done = std::move(done)](Result<std::vector<int64_t>> seqs) {
                       if (!seqs.ok()) return done(seqs.error());
                       std::vector<Row> written = WrittenRows(may_skip, std::move(shared->rows), *seqs);
                       if (returning.empty()) return done(Inserted(written.size(), std::nullopt));
                       // Columns only (IsLiteralInsert): no engine on the committer's thread.
                       auto rows = PlainReturning(shared->table, returning, written);
                       if (!rows.ok()) return done(rows.error());
                       done(Inserted(written.size(), std::move(*rows)));
                     });
}

}  // namespace kalam::exec::handlers
