#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/data_type.h"
#include "common/enums.h"
#include "common/ids.h"
#include "serde/serde.h"


namespace kalam::catalog {

/// One column. `column_id` never changes (renames keep it; dropped ids are never reused), and
/// rows are encoded by column id, so rows written under older schema versions still decode.
struct ColumnDef {
  int32_t column_id = 0;
  std::string name;
  DataType type;
  bool nullable = true;
  bool primary_key = false;
  DefaultKind default_kind = DefaultKind::kNone;
  /// kLiteral: the literal's text (coerced to `type` when used); nullopt = NULL.
  std::optional<std::string> default_literal;
  /// Value of rows written before this column was added (ADD COLUMN ... DEFAULT literal), like
  /// PostgreSQL's fast default; nullopt = NULL.
  std::optional<std::string> missing_literal;

  /// SQL text of the default for system.columns ("NOW()", "'x'", "42"); empty when none.
  std::string DefaultSql() const;
  void Serialize(serde::Writer& w) const;
  static Result<ColumnDef> Deserialize(const serde::Reader& r);
};

/// A table (system.tables) with its current schema (system.columns).
struct TableRecord {
  explicit TableRecord(TableId table_id) : id(std::move(table_id)) {}

  TableId id;
  TableType type = TableType::kShared;
  std::vector<ColumnDef> columns;
  int32_t schema_version = 1;
  int32_t next_column_id = 1;
  std::string storage_id = "local";
  std::string flush_policy;
  std::optional<int64_t> ttl_seconds;
  AccessLevel access_level = AccessLevel::kPrivate;
  bool use_user_storage = false;
  int64_t created_at_us = 0;
  int64_t updated_at_us = 0;

  std::string Key() const { return id.ns.value() + "." + id.name.value(); }
  /// Index of the primary-key column (every USER/SHARED/STREAM table has exactly one).
  size_t PrimaryKeyIndex() const;
  /// Index of the column named `name` (case-insensitive), or nullopt.
  std::optional<size_t> FindColumn(std::string_view name) const;
  /// True for USER and STREAM tables: rows belong to users.
  bool IsPerUser() const { return type == TableType::kUser || type == TableType::kStream; }

  void Serialize(serde::Writer& w) const;
  static Result<TableRecord> Deserialize(const serde::Reader& r);
};

}  // namespace kalam::catalog
