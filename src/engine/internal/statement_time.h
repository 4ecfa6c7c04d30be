#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "duckdb/common/types/value.hpp"

namespace kalam::engine::internal {

/// PostgreSQL's clock of the statement: `now()`, `transaction_timestamp()`, `current_timestamp`,
/// `localtimestamp`, `current_date`, `current_time`, `localtime` (and `today()`) — the value `name`
/// has at `now_us` (UTC microseconds), as the constant every call in the statement answers (DuckDB's
/// would be its own transaction's start, not the instant KalamDB stamps defaults with).
/// `called`: written with parentheses; `precision`: the (p) of `current_timestamp(p)` and kin, whose
/// value is rounded to p fractional digits. nullopt when `name` is none of these, or takes no such
/// argument. Names in any case.
std::optional<duckdb::Value> StatementTimeValue(std::string_view name, bool called, std::optional<int64_t> precision,
                                                int64_t now_us);

}  // namespace kalam::engine::internal
