#pragma once

#include "duckdb.hpp"

namespace kalam::engine::internal {

/// The function PostgreSQL's format(…) is renamed to (DuckDB's own `format` takes `{}`
/// placeholders, so `format('%s-%s', a, b)` answered '%s-%s' unchanged).
inline constexpr const char* kPostgresFormat = "kalam_format";

/// PostgreSQL's to_char(number, 'pattern') (postgres_number_format.h), called with the number's text.
inline constexpr const char* kToCharNumber = "kalam_to_char_number";

/// Registers kPostgresFormat (VARCHAR, ANY…) — booleans are `t`/`f` as in PostgreSQL's text
/// output — kToCharNumber (VARCHAR, VARCHAR), octet_length(VARCHAR), and quote_ident, quote_literal, quote_nullable (NULL is `NULL`) and initcap, on the
/// admin connection. DuckDB exceptions escape.
void RegisterPostgresFormat(duckdb::Connection& admin);

}  // namespace kalam::engine::internal
