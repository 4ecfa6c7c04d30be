#pragma once

#include <string_view>

#include "common/status.h"
#include "duckdb/parser/sql_statement.hpp"

namespace kalam::engine::internal {

/// The rewrites that need the statement's text. EXTRACT(f FROM x), which DuckDB parses to
/// date_part('f', x), is renamed `extract` so its column is named as PostgreSQL names it
/// (RenamePostgresFunctions renames it back). PostgreSQL's regular-expression operators, which
/// DuckDB's parser reads otherwise: `s ~ p` is
/// DuckDB's full match (regexp_full_match) but PostgreSQL's "s contains a match of p"
/// (regexp_matches), and DuckDB has no `~*` / `!~*` (case-insensitive). Rewrites them in place in a
/// SELECT (subqueries and CTEs included) so they mean what they mean in PostgreSQL. `~` and
/// `SIMILAR TO` parse to the same call: only the statement text at the expression's location tells
/// them (and an explicit regexp_full_match(…)) apart, so `sql` must be the text that was parsed.
/// A rewritten call stays an operator, so an unaliased column of one is named `?column?`.
/// Runs before the columns are named (NameColumnsLikePostgres).
void RewriteWrittenForms(duckdb::SQLStatement& statement, std::string_view sql);

/// PostgreSQL's JSON functions DuckDB has under other names, renamed in place in a SELECT:
/// json(b)_build_object → json_object, json(b)_build_array → json_array, json(b)_agg(…) →
/// to_json(list(…)) (ORDER BY and FILTER kept), json(b)_object_agg → json_group_object, to_jsonb → to_json,
/// json_array_length → jsonb_array_length, json_extract_path(_text) → jsonb_extract_path(_text)
/// (jsonb_functions.h; DuckDB has its own functions of the json_ names), btrim → trim. Also the date functions: date_trunc(…) answers a TIMESTAMP for every
/// part (date_as_timestamp.h), to_char(ts, 'pattern') with a constant pattern is strftime
/// (postgres_to_char.h; INVALID_PARAMETER for a pattern element it lacks). An item of the outermost
/// select list that is a generate_series(…) or json(b)_array_elements(_text)(…) / json(b)_object_keys(…)
/// call gives rows, as in PostgreSQL (unnest of a list). `[NOT] LIKE` / `[NOT] ILIKE` take `\` as their escape character, as in PostgreSQL
/// (like_escape(…, '\') unless the pattern is a constant without one). Runs after the columns are
/// named, so a column keeps PostgreSQL's name
/// (`jsonb_build_object`, `to_char`, `extract`).
Status RenamePostgresFunctions(duckdb::SQLStatement& statement);

/// PostgreSQL's `division by zero` (22012) where DuckDB answers NULL: the divisor of every `/`,
/// `%` and `mod(…)` in a SELECT (subqueries and CTEs included) is wrapped in
/// kalam_nonzero_divisor(…) (nonzero_divisor.h), unless it is a non-zero constant. As in
/// PostgreSQL, `CASE WHEN d = 0 THEN … ELSE n / d END` and `n / NULLIF(d, 0)` divide only where
/// they may. Runs after the columns are named.
void GuardDivisions(duckdb::SQLStatement& statement);

}  // namespace kalam::engine::internal
