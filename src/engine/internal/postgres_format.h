#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/status.h"
#include "duckdb.hpp"

namespace kalam::engine::internal {

/// The function PostgreSQL's format(…) is renamed to (DuckDB's own `format` takes `{}`
/// placeholders, so `format('%s-%s', a, b)` answered '%s-%s' unchanged).
inline constexpr const char* kPostgresFormat = "kalam_format";

/// PostgreSQL's format(fmt, args…): `%s` (the argument's text, NULL as nothing), `%I` (an SQL
/// identifier, double-quoted when it needs to be), `%L` (an SQL literal, NULL as NULL), `%%`;
/// each optionally `%n$…` (the n-th argument), with `-` (left-justify) and a width (`%10s`,
/// `%*s`, `%*2$s`). Arguments are their text, nullopt for NULL. INVALID_PARAMETER as PostgreSQL
/// for a bad specifier, too few arguments or a NULL identifier.
Result<std::string> PostgresFormat(std::string_view format, std::span<const std::optional<std::string>> args);

/// Registers kPostgresFormat (VARCHAR, ANY…) on the admin connection; booleans are `t`/`f` as in
/// PostgreSQL's text output. DuckDB exceptions escape.
void RegisterPostgresFormat(duckdb::Connection& admin);

}  // namespace kalam::engine::internal
