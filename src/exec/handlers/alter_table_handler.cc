#include <fmt/format.h>

#include "catalog/table_families.h"
#include "common/strings.h"
#include "common/value_coerce.h"
#include "exec/handlers/handlers.h"
#include "exec/handlers/table_support.h"
#include "store/row_codec.h"

namespace kalam::exec::handlers {
namespace {

using Action = sql::AlterTable::Action;

Status ColumnMissing(const catalog::TableRecord& t, std::string_view column) {
  return Status(ErrorCode::kColumnNotFound,
                fmt::format("column \"{}\" of relation \"{}\" does not exist", column, t.id.name.value()));
}

/// SET NOT NULL must hold for every stored row of every user (as PostgreSQL checks the table).
Status CheckNoNulls(const catalog::TableRecord& table, size_t column, ExecContext& ctx) {
  std::vector<int32_t> ids{table.columns[column].column_id};
  Row missing{catalog::MissingValues(table)[column]};
  Status found;
  for (const auto& family : ctx.store->ColumnFamilies()) {
    if (!catalog::IsFamilyOf(family, table)) continue;
    KALAM_RETURN_IF_ERROR(ctx.store->ScanPrefix(family, "", [&](std::string_view, std::string_view value) {
      if (store::ReadDeleted(value)) return true;
      auto row = store::DecodeRow(value, ids, &missing);
      if (!row.ok()) {
        found = row.error();
        return false;
      }
      if (IsNull(row->values[0])) {
        found = Status(ErrorCode::kNotNullViolation,
                       fmt::format("column \"{}\" of relation \"{}\" contains null values",
                                   table.columns[column].name, table.id.name.value()));
        return false;
      }
      return true;
    }));
    KALAM_RETURN_IF_ERROR(found);
  }
  return Status::OK();
}

Status AddColumn(const sql::AlterTable::Change& change, catalog::TableRecord& table) {
  const sql::ColumnSpec& spec = change.spec;
  if (table.FindColumn(spec.name)) {
    return Status(ErrorCode::kAlreadyExists, fmt::format("column \"{}\" of relation \"{}\" already exists",
                                                         spec.name, table.id.name.value()));
  }
  if (spec.primary_key) {
    return Status(ErrorCode::kFeatureNotSupported, "a table has exactly one primary key, set at CREATE TABLE");
  }
  if (spec.name == "_seq" || spec.name == "_deleted") {
    return Status(ErrorCode::kInvalidParameter, fmt::format("column name \"{}\" is reserved", spec.name));
  }
  bool literal_default = spec.default_kind == DefaultKind::kLiteral && spec.default_literal;
  if (spec.not_null && !literal_default) {
    return Status(ErrorCode::kNotNullViolation,
                  fmt::format("column \"{}\" of relation \"{}\" contains null values: add it with a "
                              "literal DEFAULT, or without NOT NULL",
                              spec.name, table.id.name.value()));
  }
  catalog::ColumnDef c;
  c.column_id = table.next_column_id++;
  c.name = spec.name;
  c.type = spec.type;
  c.nullable = !spec.not_null;
  c.default_kind = spec.default_kind;
  c.default_literal = spec.default_literal;
  if (literal_default) c.missing_literal = spec.default_literal;  // existing rows read the default
  table.columns.push_back(std::move(c));
  return Status::OK();
}

Status Apply(const sql::AlterTable::Change& stmt, catalog::TableRecord& table, ExecContext& ctx) {
  if (stmt.action == Action::kAddColumn) return AddColumn(stmt, table);
  if (stmt.action == Action::kSetAccessLevel) {
    if (table.type != TableType::kShared) {
      return Status(ErrorCode::kInvalidParameter, "ACCESS_LEVEL applies to SHARED tables only");
    }
    table.access_level = stmt.access_level;
    return Status::OK();
  }
  auto idx = table.FindColumn(stmt.column);
  if (!idx) return ColumnMissing(table, stmt.column);
  catalog::ColumnDef& c = table.columns[*idx];
  switch (stmt.action) {
    case Action::kDropColumn:
      if (c.primary_key) {
        return Status(ErrorCode::kDependentObjectsStillExist,
                      fmt::format("cannot drop column {} of table {}: it is the primary key", c.name,
                                  table.id.name.value()));
      }
      table.columns.erase(table.columns.begin() + static_cast<std::ptrdiff_t>(*idx));
      return Status::OK();
    case Action::kRenameColumn:
      if (table.FindColumn(stmt.new_name) || stmt.new_name == "_seq" || stmt.new_name == "_deleted") {
        return Status(ErrorCode::kAlreadyExists, fmt::format("column \"{}\" of relation \"{}\" already exists",
                                                             stmt.new_name, table.id.name.value()));
      }
      c.name = stmt.new_name;
      return Status::OK();
    case Action::kSetDefault:
      if (stmt.spec.default_literal) KALAM_RETURN_IF_ERROR(CoerceValue(*stmt.spec.default_literal, c.type));
      c.default_kind = stmt.spec.default_kind;
      c.default_literal = stmt.spec.default_literal;
      return Status::OK();
    case Action::kDropDefault:
      c.default_kind = DefaultKind::kNone;
      c.default_literal.reset();
      return Status::OK();
    case Action::kSetNotNull:
      KALAM_RETURN_IF_ERROR(CheckNoNulls(table, *idx, ctx));
      c.nullable = false;
      return Status::OK();
    case Action::kDropNotNull:
      if (c.primary_key) {
        return Status(ErrorCode::kInvalidParameter, fmt::format("column \"{}\" is in a primary key", c.name));
      }
      c.nullable = true;
      return Status::OK();
    case Action::kAddColumn:
    case Action::kSetAccessLevel:
      break;
  }
  return Status::OK();
}

/// Why `change` does nothing to `table` (`IF [NOT] EXISTS`), or nullopt when it applies.
std::optional<std::string> Skipped(const sql::AlterTable::Change& change, const catalog::TableRecord& table) {
  if (change.action == Action::kDropColumn && change.if_exists && !table.FindColumn(change.column)) {
    return fmt::format("Column '{}' does not exist, skipping.", change.column);
  }
  if (change.action == Action::kAddColumn && change.if_not_exists && table.FindColumn(change.spec.name)) {
    return fmt::format("Column '{}' already exists, skipping.", change.spec.name);
  }
  return std::nullopt;
}

}  // namespace

Result<StatementResult> ExecuteAlterTable(const sql::AlterTable& stmt, ExecContext& ctx, Session& session) {
  KALAM_RETURN_IF_ERROR(Permit(session, catalog::Action::kAlter, catalog::ObjectKind::kTable, "alter tables"));
  StatementResult result;
  auto resolved = ResolveTable(stmt.table, ctx, session);
  if (!resolved.ok()) {
    const ErrorCode code = resolved.error().code();
    if (!stmt.if_exists || (code != ErrorCode::kTableNotFound && code != ErrorCode::kNamespaceNotFound)) {
      return resolved.error();
    }
    result.message = fmt::format("Table '{}' does not exist, skipping.", stmt.table.name);
    return result;
  }
  catalog::TableRecord table = std::move(resolved).value();
  KALAM_RETURN_IF_ERROR(RefuseReservedNamespace(table.id.ns));
  // Every change applies to the same copy, in order; the catalog sees the result once, or nothing.
  size_t applied = 0;
  for (const sql::AlterTable::Change& change : stmt.changes) {
    if (auto skipped = Skipped(change, table)) {
      result.message = std::move(*skipped);
      continue;
    }
    KALAM_RETURN_IF_ERROR(Apply(change, table, ctx));
    ++applied;
  }
  if (applied == 0) return result;
  table.schema_version += 1;
  table.updated_at_us = ctx.clock->NowMicros();
  KALAM_RETURN_IF_ERROR(ctx.catalog->tables().Update(table));
  result.message = fmt::format("Table '{}' altered (schema version {}).", table.id, table.schema_version);
  result.audit = AuditNote{"ALTER TABLE", table.id.ToString(), fmt::format("schema version {}", table.schema_version)};
  return result;
}

}  // namespace kalam::exec::handlers
