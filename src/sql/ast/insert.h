#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/enums.h"
#include "common/value.h"
#include "sql/ast/table_ref.h"

namespace kalam::sql {

/// One value of INSERT ... VALUES.
struct InsertValue {
  enum class Kind : uint8_t {
    kLiteral,     // `literal` (numbers and strings as text, booleans, NULL)
    kParameter,   // $n (`parameter` is n)
    kDefault,     // DEFAULT
    kGenerated,   // NOW(), SNOWFLAKE_ID(), UUID_V7(), CURRENT_USER() (`generated`)
    kExpression,  // anything else: `expression` is its SQL text, evaluated by the engine
  };
  Kind kind = Kind::kLiteral;
  Value literal;
  int parameter = 0;
  DefaultKind generated = DefaultKind::kNone;
  std::string expression;
};

/// INSERT INTO t [(cols)] VALUES (...), ... | SELECT ... [RETURNING * | cols]
struct Insert {
  explicit Insert(TableRef t) : table(std::move(t)) {}
  TableRef table;
  std::vector<std::string> columns;  // empty = all, in declared order
  std::vector<std::vector<InsertValue>> rows;
  std::optional<std::string> select;  // INSERT ... SELECT: the query text
  std::vector<std::string> returning;  // "*" or column names; empty = no RETURNING
};

}  // namespace kalam::sql
