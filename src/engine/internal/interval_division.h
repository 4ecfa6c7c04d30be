#pragma once

#include "duckdb.hpp"

namespace kalam::engine::internal {

/// PostgreSQL's `interval / n`. KalamDB parses `/` as DuckDB's integer division `//` (so `7 / 2` is
/// 3), which has no interval overload: `interval '1 day' / 2` was "No function matches
/// '//(INTERVAL, …)'". Adds DuckDB's own interval overloads of `/` to `//`, on the admin connection
/// before the configuration is locked. DuckDB exceptions escape.
void RegisterIntervalDivision(duckdb::Connection& admin);

}  // namespace kalam::engine::internal
