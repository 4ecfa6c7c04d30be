#pragma once

#include <vector>

#include "common/value.h"
#include "duckdb.hpp"

namespace kalam::engine::internal {

/// PostgreSQL types `$1` by where it is used: in `id = ANY($1)` it is an array of id's type, so a
/// client passes a list (`{1,2}`, or ids as text). KalamDB's parameters arrive as JSON, an array
/// as its JSON text; a JSON array of scalars sent for a parameter the statement unnests is bound
/// as PostgreSQL binds an array:
/// - `x = ANY($n)` (and so `x <> ALL($n)`, its negation) becomes `x IN ('e1', 'e2', …)`, every
///   element a literal that takes x's type (`[1,2]` and `["1","2"]` both find BIGINT ids 1 and 2,
///   as PostgreSQL does); an empty array matches nothing;
/// - any other `unnest($n)` (`FROM unnest($1)`, `SELECT unnest($1)`) gets a list: of BIGINT when
///   every element is an integer, DOUBLE when every one is a number, BOOLEAN, else VARCHAR.
/// `params` (the DuckDB values of `sent`) change to match the statement: a parameter no longer
/// named is taken out and the later ones renumbered. Nothing changes when no such parameter was
/// sent.
void BindArrayParameters(duckdb::SQLStatement& statement, const std::vector<Value>& sent,
                         duckdb::vector<duckdb::Value>& params);

}  // namespace kalam::engine::internal
