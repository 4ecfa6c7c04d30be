#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sql/ast/returning.h"
#include "sql/ast/table_ref.h"

namespace kalam::sql {

/// DELETE FROM t [WHERE cond] [RETURNING ...]
struct Delete {
  explicit Delete(TableRef t) : table(std::move(t)) {}
  TableRef table;
  std::optional<std::string> where;
  ReturningList returning;
};

}  // namespace kalam::sql
