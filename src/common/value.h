#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/data_type.h"

namespace kalam {

/// One cell. Its meaning comes from the column's DataType:
/// bool → kBoolean; int64 → integer types, kTimestamp/kTime (µs), kDate (days);
/// double → kReal/kDouble; string → kText, kUuid, kDecimal (already scaled text), kJson/kFile
/// (JSON text), kBytes (raw bytes), kOther (text).
using Value = std::variant<std::monostate, bool, int64_t, double, std::string>;

inline bool IsNull(const Value& v) { return std::holds_alternative<std::monostate>(v); }

/// NULL for an empty optional, else its value.
template <class T>
Value ValueOrNull(const std::optional<T>& v) {
  return v ? Value(*v) : Value();
}

/// Whether `v` is NULL or the alternative a cell of a column of `type` holds (see above).
inline bool IsCellOf(const Value& v, TypeId type) {
  switch (type) {
    case TypeId::kBoolean:
      return IsNull(v) || std::holds_alternative<bool>(v);
    case TypeId::kSmallInt:
    case TypeId::kInt:
    case TypeId::kBigInt:
    case TypeId::kTimestamp:
    case TypeId::kDate:
    case TypeId::kTime:
      return IsNull(v) || std::holds_alternative<int64_t>(v);
    case TypeId::kReal:
    case TypeId::kDouble:
      return IsNull(v) || std::holds_alternative<double>(v);
    default:
      return IsNull(v) || std::holds_alternative<std::string>(v);
  }
}

using Row = std::vector<Value>;

/// A column of a result: name, type and flags ("pk", "nn") as CONTRACT §2 shows them.
struct ColumnInfo {
  std::string name;
  DataType type;
  std::vector<std::string> flags;
};

/// Rows with their schema.
struct RowSet {
  std::vector<ColumnInfo> columns;
  std::vector<Row> rows;
};

}  // namespace kalam
