#pragma once

#include "sql/ast/table_ref.h"

namespace kalam::sql {

/// DESCRIBE [TABLE] t
struct DescribeTable {
  explicit DescribeTable(TableRef t) : table(std::move(t)) {}
  TableRef table;
};

}  // namespace kalam::sql
