#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/enums.h"
#include "common/data_type.h"
#include "common/enums.h"
#include "sql/ast/table_ref.h"

namespace kalam::sql {

/// One column of CREATE TABLE / ALTER TABLE ADD COLUMN.
struct ColumnSpec {
  std::string name;
  DataType type;
  bool not_null = false;
  bool primary_key = false;
  DefaultKind default_kind = DefaultKind::kNone;
  std::optional<std::string> default_literal;  // kLiteral: its text; nullopt = NULL
};

/// WITH (...) options; absent ones take the defaults of CONTRACT §3.
struct TableOptions {
  std::optional<std::string> storage_id;
  std::optional<std::string> flush_policy;
  std::optional<int64_t> ttl_seconds;
  std::optional<AccessLevel> access_level;
  bool use_user_storage = false;
};

/// CREATE [USER|SHARED|STREAM] TABLE [IF NOT EXISTS] t (...) [WITH (...)]
struct CreateTable {
  explicit CreateTable(TableRef t) : table(std::move(t)) {}
  TableRef table;
  TableType type = TableType::kShared;
  bool if_not_exists = false;
  std::vector<ColumnSpec> columns;
  TableOptions options;
};

}  // namespace kalam::sql
