#pragma once

#include "sql/ast/table_ref.h"

namespace kalam::sql {

/// COMPACT TABLE t
struct CompactTable {
  explicit CompactTable(TableRef t) : table(std::move(t)) {}
  TableRef table;
};

}  // namespace kalam::sql
