#pragma once

#include "duckdb.hpp"

namespace kalam::engine::internal {

/// The scalar function date_trunc(…) is wrapped in (see RenamePostgresFunctions): a DATE becomes
/// the TIMESTAMP of its midnight, anything else passes unchanged. DuckDB's date_trunc answers a
/// DATE for parts of a day or more (`date_trunc('day', ts)`), PostgreSQL's a timestamp for every part.
inline constexpr const char* kDateAsTimestamp = "kalam_date_as_timestamp";

/// Registers kalam_date_as_timestamp(x) in the engine's system catalog (on the admin connection,
/// before the configuration is locked). DuckDB exceptions escape (the caller wraps them).
void RegisterDateAsTimestamp(duckdb::Connection& admin);

}  // namespace kalam::engine::internal
