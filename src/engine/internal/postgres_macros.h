#pragma once

#include "common/status.h"
#include "duckdb.hpp"

namespace kalam::engine::internal {

/// PostgreSQL's functions DuckDB lacks that DuckDB's own functions spell out, as macros of the
/// same names (created on the admin connection before the configuration is locked):
/// array_upper(a, 1), array_lower(a, 1), array_ndims(a) (NULL for an empty array, as in
/// PostgreSQL), array_remove(a, x), regexp_count(s, p), encode(bytes, 'base64'|'hex'),
/// decode(text, 'base64'|'hex'), width_bucket(x, lo, hi, n), div(a, b); and kalam_sha256 (sha256 as bytea) and
/// kalam_version ("KalamDB 0.1.0 (…, DuckDB v1.4.4 engine)"), which sha256 and version() are renamed to.
Status RegisterPostgresMacros(duckdb::Connection& admin);

}  // namespace kalam::engine::internal
