#pragma once

#include <optional>
#include <string_view>

#include "duckdb.hpp"

namespace kalam::engine::internal {

/// PostgreSQL's jsonb containment: whether the JSON text `container` contains `contained` — an
/// object every key/value of the other (recursively), an array every element of the other (in any
/// order; an array also contains a lone scalar it holds), a scalar an equal scalar. Numbers compare
/// by value (1 and 1.0 are equal). nullopt when either text is not JSON.
std::optional<bool> JsonContains(std::string_view container, std::string_view contained);

/// Registers PostgreSQL's `a @> b` and `a <@ b` over JSON (JsonContains) as overloads of DuckDB's
/// list operators of those names, on the admin connection before the configuration is locked.
/// Text that is not JSON is INVALID_TEXT_REPRESENTATION. DuckDB exceptions escape.
void RegisterJsonContainment(duckdb::Connection& admin);

}  // namespace kalam::engine::internal
