#pragma once

#include "duckdb.hpp"

namespace kalam::engine::internal {

/// PostgreSQL's interval arithmetic DuckDB lacks, on the admin connection before the configuration
/// is locked (DuckDB exceptions escape):
/// - `interval / n`. KalamDB parses `/` as DuckDB's integer division `//` (so `7 / 2` is 3), which
///   has no interval overload: `interval '1 day' / 2` was "No function matches '//(INTERVAL, …)'".
///   DuckDB's own interval overloads of `/` are added to `//`.
/// - justify_hours (24-hour periods → days), justify_days (30-day periods → months),
///   justify_interval (both, with the signs of the parts made to agree), as PostgreSQL computes them.
/// - make_interval(years, months, weeks, days, hours, mins, secs), every argument optional and
///   nameable (`make_interval(days => $1)`), as a macro over kalam_make_interval.
void RegisterIntervalFunctions(duckdb::Connection& admin);

}  // namespace kalam::engine::internal
