#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/enums.h"
#include "common/value.h"
#include "sql/ast/returning.h"
#include "sql/ast/table_ref.h"
#include "sql/ast/update.h"

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
  int position = 0;  // where the value starts in the statement (1-based characters), for errors
};

/// ON CONFLICT [(col) | ON CONSTRAINT name] DO NOTHING | DO UPDATE SET col = expr, ... [WHERE cond]
/// (PostgreSQL's upsert; the primary key is the only unique constraint there is).
struct OnConflict {
  enum class Action : uint8_t { kNothing, kUpdate };
  Action action = Action::kNothing;
  std::vector<std::string> target_columns;  // (col, ...); empty = none given
  std::optional<std::string> constraint;    // ON CONSTRAINT name
  std::vector<Update::Assignment> assignments;  // DO UPDATE SET
  std::optional<std::string> where;             // DO UPDATE ... WHERE
};

/// INSERT INTO t [AS alias] [(cols)] VALUES (...), ... | SELECT ... | DEFAULT VALUES [ON CONFLICT ...]
/// [RETURNING * | cols]
struct Insert {
  explicit Insert(TableRef t) : table(std::move(t)) {}
  TableRef table;
  std::optional<std::string> alias;  // the name DO UPDATE expressions give the existing row
  std::optional<std::string> with;  // `WITH … ` before it: the CTEs its queries may read
  std::vector<std::string> columns;  // empty = all, in declared order
  std::vector<std::vector<InsertValue>> rows;  // DEFAULT VALUES: one row of no values
  bool default_values = false;                 // INSERT … DEFAULT VALUES (every column its default)
  std::optional<std::string> select;  // INSERT ... SELECT: the query text
  std::optional<OnConflict> on_conflict;
  ReturningList returning;
};

}  // namespace kalam::sql
