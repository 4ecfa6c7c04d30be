#pragma once

#include <string_view>

#include "common/jsonb.h"
#include "duckdb.hpp"

namespace kalam::engine::internal {

inline constexpr const char* kConcat = "kalam_concat";
inline constexpr const char* kMinus = "kalam_minus";

/// Registers PostgreSQL's jsonb operators and functions DuckDB lacks or answers otherwise
/// (semantics in jsonb.h), on the admin connection before the configuration is locked:
/// the renamed operators (kJsonbOperatorNames, pre_parse.h); `json || json`, `json - text`,
/// `json - int`, `json - text[]` through kConcat / kMinus, which the parse turns `a || b` and
/// `a - <constant or array>` into (postgres_rewrites.h): bound, they are jsonb's operator when the
/// operand is JSON and DuckDB's own otherwise (an overload of DuckDB's `||` or `-` taking JSON
/// would capture other types: DuckDB casts anything to JSON implicitly, so `bigint - 1` became
/// ambiguous and `1.5 || 'x'` a JSON array);
/// jsonb_set, jsonb_insert, json(b)_strip_nulls, jsonb_pretty, json(b)_typeof,
/// jsonb_array_length (an INT), jsonb_extract_path(_text) (json_extract_path(_text) are renamed to
/// them, postgres_rewrites.h); and kalam_jsonb_elements(_text) / kalam_jsonb_keys, the lists
/// jsonb_array_elements(_text) / jsonb_object_keys give rows of, and kalam_jsonb_values(_text) for
/// jsonb_each(_text) (from_functions.h, postgres_rewrites.h). A path is a text[] (`'{a,0}'` or
/// ARRAY['a','0']). Text that is not JSON is INVALID_TEXT_REPRESENTATION, PostgreSQL's errors
/// (`cannot delete from scalar`) INVALID_PARAMETER. DuckDB exceptions escape.
void RegisterJsonbFunctions(duckdb::Connection& admin);

/// A JSON argument's text parsed; a DuckDB conversion error (INVALID_TEXT_REPRESENTATION, `invalid
/// input syntax for type json`) when it is not JSON. Shared by every JSON function KalamDB adds.
jsonb::Json ParseJsonOrThrow(std::string_view text);

}  // namespace kalam::engine::internal
