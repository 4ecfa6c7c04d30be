#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace kalam {

/// The column types of CONTRACT §3, plus kOther for engine results with no KalamDB type
/// (HUGEINT, INTERVAL, ...), which travel as text.
enum class TypeId : uint8_t {
  kBoolean = 1,
  kSmallInt = 2,
  kInt = 3,
  kBigInt = 4,
  kReal = 5,
  kDouble = 6,
  kDecimal = 7,
  kText = 8,
  kTimestamp = 9,
  kDate = 10,
  kTime = 11,
  kJson = 12,
  kBytes = 13,
  kUuid = 14,
  kFile = 15,
  kOther = 16,
};

/// A column type: the id plus precision/scale for DECIMAL, or the engine's name for kOther.
struct DataType {
  TypeId id = TypeId::kText;
  uint8_t precision = 0;
  uint8_t scale = 0;
  std::string other_name;

  static DataType Of(TypeId id) { return DataType{id, 0, 0, {}}; }
  static DataType Decimal(uint8_t precision, uint8_t scale) {
    return DataType{TypeId::kDecimal, precision, scale, {}};
  }
  static DataType Other(std::string name) { return DataType{TypeId::kOther, 0, 0, std::move(name)}; }

  /// SMALLINT, INT, BIGINT, REAL, DOUBLE or DECIMAL.
  bool IsNumeric() const {
    switch (id) {
      case TypeId::kSmallInt:
      case TypeId::kInt:
      case TypeId::kBigInt:
      case TypeId::kReal:
      case TypeId::kDouble:
      case TypeId::kDecimal:
        return true;
      default:
        return false;
    }
  }
  /// SQL spelling: "BIGINT", "DECIMAL(10,2)", "TEXT", ...
  std::string ToString() const;
  /// Parses a SQL type name as CONTRACT §3 accepts it (VARCHAR(n) → TEXT, BYTEA → BYTES,
  /// INTEGER → INT, ...). INVALID_PARAMETER for an unknown name.
  static Result<DataType> Parse(std::string_view text);

  bool operator==(const DataType&) const = default;
};

}  // namespace kalam
