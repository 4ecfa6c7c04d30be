#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sql/ast/create_table.h"
#include "sql/ast/table_ref.h"

namespace kalam::sql {

/// ALTER TABLE [IF EXISTS] [ONLY] t <change> [, <change> …]: the changes apply together (one schema
/// version) or not at all. RENAME is a statement of its own, as in PostgreSQL.
struct AlterTable {
  enum class Action : uint8_t {
    kAddColumn,      // ADD [COLUMN] [IF NOT EXISTS] spec
    kDropColumn,     // DROP [COLUMN] [IF EXISTS] column
    kRenameColumn,   // RENAME COLUMN column TO new_name
    kSetDefault,     // ALTER [COLUMN] column SET DEFAULT ... (in `spec`)
    kDropDefault,    // ALTER [COLUMN] column DROP DEFAULT
    kSetNotNull,     // ALTER [COLUMN] column SET NOT NULL
    kDropNotNull,    // ALTER [COLUMN] column DROP NOT NULL
    kSetAccessLevel, // SET ACCESS_LEVEL 'public'
  };
  struct Change {
    Action action = Action::kAddColumn;
    std::string column;
    std::string new_name;
    bool if_exists = false;      // DROP COLUMN IF EXISTS: no column is no error
    bool if_not_exists = false;  // ADD COLUMN IF NOT EXISTS: an existing column is no error
    ColumnSpec spec;  // kAddColumn: the column; kSetDefault: the default
    AccessLevel access_level = AccessLevel::kPrivate;
  };
  explicit AlterTable(TableRef t) : table(std::move(t)) {}

  TableRef table;
  bool if_exists = false;  // ALTER TABLE IF EXISTS: no table is no error
  std::vector<Change> changes;  // at least one
};

}  // namespace kalam::sql
