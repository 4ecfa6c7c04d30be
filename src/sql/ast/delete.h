#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sql/ast/returning.h"
#include "sql/ast/table_ref.h"

namespace kalam::sql {

/// DELETE FROM [ONLY] t [[AS] alias] [USING from_list] [WHERE cond] [RETURNING ...]. `using_list` stays SQL
/// text: other tables the WHERE may name, as in PostgreSQL.
struct Delete {
  explicit Delete(TableRef t) : table(std::move(t)) {}
  TableRef table;
  std::optional<std::string> alias;
  std::optional<std::string> with;  // `WITH … ` before it: the CTEs its queries may read
  std::optional<std::string> using_list;
  std::optional<std::string> where;
  ReturningList returning;
};

}  // namespace kalam::sql
