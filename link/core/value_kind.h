#pragma once

#include <cstdint>
#include <string_view>

namespace kalam::link {

/// How a client represents a value of a column, from the `data_type` the server reports
/// (CONTRACT §2 value encoding). The CLI aligns numeric kinds right; the TypeScript SDK converts
/// BIGINT to `bigint`, TIMESTAMP to `Date` and BYTES to `Uint8Array` by this kind.
enum class ValueKind : uint8_t {
  kInteger,    // SMALLINT, INT: a JSON number
  kBigInt,     // BIGINT (and _seq): a JSON string of digits
  kFloat,      // REAL, DOUBLE: a JSON number
  kDecimal,    // DECIMAL(p,s): a string with exactly s decimals
  kBoolean,
  kText,
  kTimestamp,  // "2026-11-27T05:10:47.123456Z"
  kDate,
  kTime,
  kUuid,
  kJson,       // the JSON value itself
  kBytes,      // base64
  kFile,       // an object
  kUnknown,    // a type this client does not know: passed on as the server sent it
};

/// The kind of a reported data type ("BIGINT", "DECIMAL(10,2)", …); kUnknown for others.
ValueKind ValueKindOf(std::string_view data_type);

bool IsNumeric(ValueKind kind);

/// One letter per kind, stable (the SDK's conversion plan): i b f d o t s D T u j x F ?
char ValueKindCode(ValueKind kind);

}  // namespace kalam::link
