#pragma once

#include "duckdb.hpp"

namespace kalam::engine::internal {

/// Registers PostgreSQL's full-text search (text_search.h) on the admin connection: types
/// `tsvector` and `tsquery` (text underneath, PostgreSQL's text forms), to_tsvector([config,]
/// text), to_tsquery / plainto_tsquery / phraseto_tsquery / websearch_to_tsquery([config,] text),
/// `tsvector @@ tsquery` (either way round; `text @@ tsquery` reads the text with `english`, the
/// default configuration, and `text @@ text` the second text as plainto_tsquery) and ts_rank(tsvector, tsquery [, normalization 0|1|2]). DuckDB
/// exceptions escape.
void RegisterTextSearchFunctions(duckdb::Connection& admin);

}  // namespace kalam::engine::internal
