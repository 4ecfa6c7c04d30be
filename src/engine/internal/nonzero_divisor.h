#pragma once

#include "duckdb.hpp"

namespace kalam::engine::internal {

/// The scalar function every divisor is wrapped in (see GuardDivisions): its argument unchanged,
/// or PostgreSQL's error `division by zero` (SQLSTATE 22012) when a value is a numeric zero.
/// DuckDB's own `/`, `//` and `%` return NULL there, which an UPDATE would store without a word.
inline constexpr const char* kNonZeroDivisor = "kalam_nonzero_divisor";

/// Registers kalam_nonzero_divisor(x) in the engine's system catalog (on the admin connection,
/// before the configuration is locked). DuckDB exceptions escape (the caller wraps them).
void RegisterNonZeroDivisor(duckdb::Connection& admin);

}  // namespace kalam::engine::internal
