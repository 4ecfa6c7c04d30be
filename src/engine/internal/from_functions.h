#pragma once

#include "duckdb/parser/tableref.hpp"
#include "duckdb/parser/tableref/table_function_ref.hpp"

namespace kalam::engine::internal {

/// PostgreSQL's JSON set-returning functions in FROM (`FROM docs d, jsonb_array_elements(d.meta->'tags') t`,
/// `CROSS JOIN LATERAL jsonb_each(meta) e`) as what DuckDB can run, over the list functions of
/// jsonb_functions.h: json(b)_array_elements(_text)(x) → unnest(kalam_jsonb_elements(_text)(x)) with
/// a column `value`; json(b)_object_keys(x) → unnest(kalam_jsonb_keys(x)) with a column named as
/// the function (or its alias); json(b)_each(_text)(x) → a subquery of unnest(kalam_jsonb_keys(x))
/// AS key, unnest(kalam_jsonb_values(_text)(x)) AS value. The alias and column aliases written are
/// kept. The text-search functions PostgreSQL users call in FROM (`FROM msgs m,
/// websearch_to_tsquery('cat') q WHERE to_tsvector(m.body) @@ q`: to_tsquery, plainto_tsquery,
/// phraseto_tsquery, websearch_to_tsquery, to_tsvector) → a one-row subquery whose column is
/// named as the alias; regexp_matches(s, 'p' [, 'flags']) → unnest of RegexpMatchesList, a text[]
/// per match (`FROM msgs m, regexp_matches(m.body, '#(\w+)', 'g') AS tag` … `tag[1]`). nullptr for
/// any other table function; for generate_series, range and unnest(x) with an alias and no column
/// aliases, the alias is given to their one column as well, in place (`FROM generate_series(1, 3) g`
/// … `g + 1`, as PostgreSQL reads it).
duckdb::unique_ptr<duckdb::TableRef> ExpandFunctionInFrom(duckdb::TableFunctionRef& ref);

}  // namespace kalam::engine::internal
