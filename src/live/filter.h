#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "catalog/table_record.h"
#include "common/status.h"
#include "common/value.h"
#include "sql/ast/live_query.h"

namespace kalam::live {

/// A subscription's WHERE compiled against a table's columns: column names resolved to
/// positions, literals converted to the compared column's type once, so evaluating a change costs
/// no parsing and no allocation. SQL's three-valued logic: a row matches only when the filter is
/// TRUE (NULL comparisons are UNKNOWN, as in the SELECT that sends the initial data).
class CompiledFilter {
 public:
  /// COLUMN_NOT_FOUND for unknown columns; INVALID_TEXT_REPRESENTATION / DATATYPE_MISMATCH for a
  /// literal the compared column cannot hold.
  static Result<CompiledFilter> Compile(const sql::FilterExpr& expr, const catalog::TableRecord& table);

  /// True when the row (the table's columns in declared order) passes the filter.
  bool Matches(const Row& row) const;

  struct Node;

 private:
  std::shared_ptr<const Node> root_;
};

}  // namespace kalam::live
