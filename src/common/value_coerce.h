#pragma once

#include "common/data_type.h"
#include "common/status.h"
#include "common/value.h"

namespace kalam {

/// Converts a value (from a SQL literal, a JSON parameter or the engine) to the canonical cell of a
/// column of `type` (see value.h), as PostgreSQL's assignment casts do: numbers to text, text to
/// numbers, timestamps, dates, UUIDs, JSON, '\x..' bytea hex. NULL stays NULL.
/// Errors: INVALID_TEXT_REPRESENTATION (22P02) for unparsable text, DATATYPE_MISMATCH (42804) for
/// a kind that cannot be assigned, INVALID_PARAMETER for out-of-range numbers.
Result<Value> CoerceValue(const Value& value, const DataType& type);

/// Whether `text` is bytea's hex format (`\x00ff`, PostgreSQL's output and input form).
bool IsByteaHex(std::string_view text);
/// The bytes of bytea hex text (pairs of hex digits after `\x`, blanks allowed between pairs);
/// false when it is not well formed.
bool DecodeByteaHex(std::string_view text, std::string* out);

}  // namespace kalam
