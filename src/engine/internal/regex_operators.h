#pragma once

#include <string_view>

#include "duckdb/parser/sql_statement.hpp"

namespace kalam::engine::internal {

/// PostgreSQL's regular-expression operators, which DuckDB's parser reads otherwise: `s ~ p` is
/// DuckDB's full match (regexp_full_match) but PostgreSQL's "s contains a match of p"
/// (regexp_matches), and DuckDB has no `~*` / `!~*` (case-insensitive). Rewrites them in place in a
/// SELECT (subqueries and CTEs included) so they mean what they mean in PostgreSQL. `~` and
/// `SIMILAR TO` parse to the same call: only the statement text at the expression's location tells
/// them (and an explicit regexp_full_match(…)) apart, so `sql` must be the text that was parsed.
/// A rewritten call stays an operator, so an unaliased column of one is named `?column?`.
void RewriteRegexOperators(duckdb::SQLStatement& statement, std::string_view sql);

}  // namespace kalam::engine::internal
