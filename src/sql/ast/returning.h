#pragma once

#include <optional>
#include <string>
#include <vector>

namespace kalam::sql {

/// One item of RETURNING: `*`, a column, or an expression over the returned row, with an optional
/// alias (`RETURNING *, upper(body) AS shout`).
struct ReturningItem {
  std::string expression;             // "*" for every column; else the SQL text as written
  std::optional<std::string> column;  // set when the item is a bare column name
  std::optional<std::string> alias;
  bool operator==(const ReturningItem&) const = default;
  /// `*` or a bare column: answered without the engine.
  bool plain() const { return expression == "*" || column.has_value(); }
};

/// RETURNING's items; empty = no RETURNING.
using ReturningList = std::vector<ReturningItem>;

}  // namespace kalam::sql
