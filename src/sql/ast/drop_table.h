#pragma once

#include "sql/ast/table_ref.h"

namespace kalam::sql {

/// DROP TABLE [IF EXISTS] t
struct DropTable {
  explicit DropTable(TableRef t) : table(std::move(t)) {}
  TableRef table;
  bool if_exists = false;
};

}  // namespace kalam::sql
