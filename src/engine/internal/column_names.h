#pragma once

#include "duckdb/parser/sql_statement.hpp"

namespace kalam::engine::internal {

/// Gives the unnamed output columns of a SELECT the names PostgreSQL gives them instead of DuckDB's
/// (which spell the expression out: `count_star()`, `(1 + 1)`, `CAST(x AS INTEGER)`): a function or
/// aggregate is named after the function (`count`, `sum`, `lower`), a cast after what it casts (or
/// its type, `int4`, when that has no name), CASE `case`, EXISTS `exists`, a scalar subquery after
/// its first column, anything else `?column?`. Sets the alias of every unaliased expression of the
/// select lists whose names reach the result (the query's, its CTEs', its subqueries' in FROM);
/// columns and `*` keep their names; the columns of VALUES lists are column1, column2, …. Only the
/// names change: an alias is looked up after the columns of FROM, as in PostgreSQL, and ORDER BY by
/// output name then follows PostgreSQL too.
void NameColumnsLikePostgres(duckdb::SQLStatement& statement);

}  // namespace kalam::engine::internal
