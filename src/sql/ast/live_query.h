#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/value.h"
#include "sql/ast/table_ref.h"

namespace kalam::sql {

enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

/// A node of a live query's WHERE: the small language CONTRACT §7 allows (comparisons, AND/OR/NOT,
/// IN, LIKE, IS [NOT] NULL over columns, the text of a JSON column's field (`meta->>'kind'`) and
/// literals; BETWEEN is parsed into two comparisons).
struct FilterExpr {
  /// kJsonContains: `column @> 'json'` (jsonb containment); kJsonHasKey: `column ? 'key'`.
  enum class Kind : uint8_t {
    kColumn, kLiteral, kCompare, kAnd, kOr, kNot, kIn, kLike, kIsNull, kJsonText, kJsonContains, kJsonHasKey
  };
  Kind kind = Kind::kLiteral;
  std::string column = {};       // kColumn, kJsonText, kJsonContains, kJsonHasKey (a JSON column)
  /// kJsonText: `column -> step -> … ->> last`, the text of that field (PostgreSQL's ->>): object
  /// keys (text) and array indexes (int64).
  std::vector<Value> path = {};
  Value literal = {};            // kLiteral: NULL, bool, int64, double or text; kJsonContains: the
                                 // JSON text; kJsonHasKey: the key
  CompareOp op = CompareOp::kEq;  // kCompare
  bool negated = false;          // NOT IN, NOT LIKE, IS NOT NULL
  bool case_insensitive = false;  // ILIKE
  /// Operands: kCompare/kLike two, kAnd/kOr two or more, kNot/kIsNull one, kIn the tested value
  /// then the list.
  std::vector<FilterExpr> children = {};
};

/// `SELECT * | col, ... FROM [ns.]table [WHERE filter]` — what a subscription may ask for.
struct LiveQuery {
  explicit LiveQuery(TableRef t) : table(std::move(t)) {}

  TableRef table;
  /// Empty = `*`.
  std::vector<std::string> columns;
  std::optional<FilterExpr> where;
};

}  // namespace kalam::sql
