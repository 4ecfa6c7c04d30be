#include "exec/handlers/upsert_support.h"

#include <fmt/format.h>

#include <unordered_set>

#include "exec/handlers/handlers.h"
#include "exec/handlers/update_delete_support.h"
#include "sql/lexer.h"
#include "store/row_codec.h"

namespace kalam::exec::handlers {
namespace {

/// Reads of the stored rows and writes that lost a race before the statement gives up.
constexpr int kMaxAttempts = 8;

/// The column of an assignment that is exactly `excluded.column` (the commonest upsert): its value
/// is the proposed row's, no engine needed. nullopt for anything else.
std::optional<size_t> ExcludedColumn(const std::string& expression, const catalog::TableRecord& table) {
  auto tokens = sql::Lex(expression);
  if (!tokens.ok() || tokens->size() != 4) return std::nullopt;
  const auto& t = *tokens;
  const bool shape = t[0].type == sql::TokenType::kIdentifier && !t[0].quoted && t[0].text == "excluded" &&
                     t[1].IsPunct('.') && t[2].type == sql::TokenType::kIdentifier;
  if (!shape) return std::nullopt;
  auto column = table.FindColumn(t[2].text);
  if (column && t[2].quoted && table.columns[*column].name != t[2].text) return std::nullopt;  // "Name" ≠ name
  return column;
}

/// What DO UPDATE does to a stored row, compiled once per statement.
struct UpdatePlan {
  std::vector<size_t> targets;                       // column of each assignment
  std::vector<std::optional<size_t>> from_excluded;  // per assignment: `excluded.column`'s column
  std::vector<std::string> expressions;              // for the engine: assignments, then the WHERE
  bool needs_engine = false;
};

Result<UpdatePlan> PlanUpdate(const sql::OnConflict& conflict, const catalog::TableRecord& table) {
  UpdatePlan plan;
  KALAM_ASSIGN_OR_RETURN(plan.targets, AssignmentTargets(table, conflict.assignments));
  for (size_t k = 0; k < conflict.assignments.size(); ++k) {
    auto source = ExcludedColumn(conflict.assignments[k].expression, table);
    // Taken as it is only into a column of the same type (else the engine assigns it).
    if (source && !(table.columns[*source].type == table.columns[plan.targets[k]].type)) source.reset();
    plan.from_excluded.push_back(source);
    plan.needs_engine |= !source.has_value();
    plan.expressions.push_back(conflict.assignments[k].expression);
  }
  if (conflict.where) {
    plan.needs_engine = true;
    plan.expressions.push_back(*conflict.where);
  }
  return plan;
}

/// The stored row after DO UPDATE, or nullopt when its WHERE is not true (the row is left alone).
/// Row `answer` of `answers` holds the engine's values of the plan's expressions over it, when the
/// plan needs the engine.
Result<std::optional<Row>> Updated(const UpdatePlan& plan, const sql::Insert& stmt, const catalog::TableRecord& table,
                                   const Row& stored, const Row& proposed, const RowSet& answers, size_t answer,
                                   ExecContext& ctx, const Session& session) {
  Row row = stored;
  if (!plan.needs_engine) {
    for (size_t k = 0; k < plan.targets.size(); ++k) row[plan.targets[k]] = proposed[*plan.from_excluded[k]];
    return std::optional<Row>(std::move(row));
  }
  if (answer >= answers.rows.size()) return Status(ErrorCode::kInternal, "ON CONFLICT: no row from the engine");
  const Row& cells = answers.rows[answer];
  if (stmt.on_conflict->where) {
    const Value& keep = cells.back();
    if (!std::holds_alternative<bool>(keep)) {
      if (IsNull(keep)) return std::optional<Row>();
      return Status(ErrorCode::kDatatypeMismatch, "argument of WHERE must be type boolean");
    }
    if (!std::get<bool>(keep)) return std::optional<Row>();
  }
  for (size_t k = 0; k < plan.targets.size(); ++k) {
    const DataType& to = table.columns[plan.targets[k]].type;
    KALAM_ASSIGN_OR_RETURN(row[plan.targets[k]], ConvertCell(cells[k], answers.columns[k].type, to));
  }
  KALAM_RETURN_IF_ERROR(AssignDefaults(table, stmt.on_conflict->assignments, plan.targets, row, ctx, session));
  return std::optional<Row>(std::move(row));
}

/// The caller's stored row under `key` (the engine reads hot and cold rows alike), if live.
Result<std::optional<Row>> StoredRow(const std::string& lookup, const Value& key, const catalog::TableRecord& table,
                                     ExecContext& ctx, const Session& session) {
  KALAM_ASSIGN_OR_RETURN(RowSet found, RunQuery(lookup, {key}, ctx, session));
  if (found.rows.empty()) return std::optional<Row>();
  Row row(table.columns.size());
  for (size_t i = 0; i < row.size(); ++i) {
    KALAM_ASSIGN_OR_RETURN(row[i], ConvertCell(found.rows[0][i], found.columns[i].type, table.columns[i].type));
  }
  return std::optional<Row>(std::move(row));
}

/// One attempt of DO UPDATE: reads the stored rows, writes inserts and updates together. A race
/// lost to another statement comes back as SERIALIZATION_FAILURE (the caller tries again).
Result<Upserted> TryUpsertUpdate(const UpdatePlan& plan, const sql::Insert& stmt, const catalog::TableRecord& table,
                                 const std::vector<Row>& proposed, const std::vector<Value>& params, ExecContext& ctx,
                                 const Session& session) {
  const size_t pk = table.PrimaryKeyIndex();
  std::string lookup = "SELECT ";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    lookup += (i > 0 ? ", " : "") + QuoteIdent(table.columns[i].name);
  }
  lookup += " FROM " + QualifiedName(table) + " WHERE " + QuoteIdent(table.columns[pk].name) + " = $1";
  std::vector<std::optional<Row>> stored;
  stored.reserve(proposed.size());
  std::vector<Row> conflicts;  // stored rows the proposed ones meet, and those proposed rows
  std::vector<Row> meeting;
  for (const Row& row : proposed) {
    KALAM_ASSIGN_OR_RETURN(stored.emplace_back(), StoredRow(lookup, row[pk], table, ctx, session));
    if (stored.back() && plan.needs_engine) {
      conflicts.push_back(*stored.back());
      meeting.push_back(row);
    }
  }
  // The SET expressions (and WHERE) over every conflicting row at once.
  RowSet answers;
  if (!conflicts.empty()) {
    KALAM_ASSIGN_OR_RETURN(answers, ctx.engine->QueryOnRows(table, conflicts, plan.expressions,
                                                            QueryContextOf(params, ctx, session), meeting,
                                                            stmt.alias.value_or("")));
  }
  Upserted out;
  std::vector<store::WriteKind> kinds;
  std::vector<Row> old_rows;
  size_t answer = 0;
  for (size_t i = 0; i < proposed.size(); ++i) {
    const Row& row = proposed[i];
    if (!stored[i]) {
      out.rows.push_back(row);
      kinds.push_back(store::WriteKind::kInsert);
      old_rows.emplace_back();
      continue;
    }
    KALAM_ASSIGN_OR_RETURN(std::optional<Row> updated,
                           Updated(plan, stmt, table, *stored[i], row, answers, answer, ctx, session));
    if (plan.needs_engine) ++answer;
    if (!updated) continue;
    KALAM_RETURN_IF_ERROR(CheckNotNull(table, *updated));
    out.rows.push_back(std::move(*updated));
    kinds.push_back(store::WriteKind::kUpdateExisting);
    old_rows.push_back(std::move(*stored[i]));
  }
  auto written = WriteRowKinds(table, out.rows, kinds, ctx, session, &old_rows);
  if (!written.ok()) {
    // Inserted meanwhile (an insert found a live row): lost a race, as a deleted row is.
    if (written.error().code() == ErrorCode::kUniqueViolation) {
      return Status(ErrorCode::kSerializationFailure, written.error().message());
    }
    return written.error();
  }
  return out;
}

}  // namespace

Status CheckOnConflict(const sql::OnConflict& conflict, const catalog::TableRecord& table, const Session& session) {
  if (table.type == TableType::kStream) {
    return Status(ErrorCode::kFeatureNotSupported,
                  fmt::format("ON CONFLICT is not supported on STREAM table \"{}\": its keys are generated",
                              table.id.name.value()));
  }
  for (const auto& name : conflict.target_columns) {
    if (!table.FindColumn(name)) {
      return Status(ErrorCode::kColumnNotFound, fmt::format("column \"{}\" does not exist", name));
    }
  }
  const bool on_key =
      conflict.target_columns.size() == 1 && *table.FindColumn(conflict.target_columns[0]) == table.PrimaryKeyIndex();
  if (!conflict.target_columns.empty() && !on_key) {
    return Status(ErrorCode::kInvalidColumnReference,
                  "there is no unique or exclusion constraint matching the ON CONFLICT specification");
  }
  if (conflict.constraint && *conflict.constraint != table.id.name.value() + "_pkey") {
    return Status(ErrorCode::kInvalidParameter, fmt::format("constraint \"{}\" for table \"{}\" does not exist",
                                                            *conflict.constraint, table.id.name.value()));
  }
  if (conflict.action == sql::OnConflict::Action::kUpdate) {
    KALAM_RETURN_IF_ERROR(catalog::RequireOnTable(session.caller.role, catalog::Action::kUpdate, table));
  }
  return Status::OK();
}

Result<Upserted> Upsert(const sql::Insert& stmt, const catalog::TableRecord& table, const std::vector<Row>& proposed,
                        const std::vector<Value>& params, ExecContext& ctx, const Session& session) {
  const sql::OnConflict& conflict = *stmt.on_conflict;
  const size_t pk = table.PrimaryKeyIndex();
  std::unordered_set<std::string> keys;
  for (const Row& row : proposed) {
    if (!keys.insert(store::EncodeKeyPart(row[pk])).second) {
      return Status(ErrorCode::kCardinalityViolation, "ON CONFLICT DO UPDATE command cannot affect row a second time");
    }
  }
  KALAM_ASSIGN_OR_RETURN(UpdatePlan plan, PlanUpdate(conflict, table));
  for (int attempt = 1;; ++attempt) {
    auto result = TryUpsertUpdate(plan, stmt, table, proposed, params, ctx, session);
    if (result.ok() || result.error().code() != ErrorCode::kSerializationFailure || attempt == kMaxAttempts) {
      if (!result.ok() && result.error().code() == ErrorCode::kSerializationFailure) {
        return Status(ErrorCode::kSerializationFailure, "could not serialize access due to concurrent update");
      }
      return result;
    }
  }
}

}  // namespace kalam::exec::handlers
