#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sql/ast/returning.h"
#include "sql/ast/table_ref.h"

namespace kalam::sql {

/// UPDATE [ONLY] t [[AS] alias] SET col = expr | DEFAULT, (col, ...) = ([ROW] expr, ...), ...
/// [FROM from_list] [WHERE cond] [RETURNING ...].
/// Expressions stay SQL text: the engine evaluates them over the caller's rows (joined with
/// `from`'s, which the WHERE and the expressions may name).
struct Update {
  explicit Update(TableRef t) : table(std::move(t)) {}
  struct Assignment {
    std::string column;
    std::string expression;  // `NULL` for DEFAULT
    bool to_default = false;  // SET c = DEFAULT: the column's default, filled in by the executor
  };
  TableRef table;
  std::optional<std::string> alias;
  std::optional<std::string> with;  // `WITH … ` before it: the CTEs its queries may read
  std::vector<Assignment> assignments;
  std::optional<std::string> from;
  std::optional<std::string> where;
  ReturningList returning;
};

}  // namespace kalam::sql
