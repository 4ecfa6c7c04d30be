#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/status.h"

namespace kalam::engine::internal {

/// PostgreSQL's text-formatting functions DuckDB lacks or spells otherwise (no DuckDB here:
/// postgres_format.h registers them).
///
/// PostgreSQL's format(fmt, args…): `%s` (the argument's text, NULL as nothing), `%I` (an SQL
/// identifier, double-quoted when it needs to be), `%L` (an SQL literal, NULL as NULL), `%%`;
/// each optionally `%n$…` (the n-th argument), with `-` (left-justify) and a width (`%10s`,
/// `%*s`, `%*2$s`). Arguments are their text, nullopt for NULL. INVALID_PARAMETER as PostgreSQL
/// for a bad specifier, too few arguments or a NULL identifier.
Result<std::string> PostgresFormat(std::string_view format, std::span<const std::optional<std::string>> args);

/// PostgreSQL's quote_ident: as it is when it is a lower-case identifier, else double-quoted.
std::string QuoteIdent(const std::string& s);
/// PostgreSQL's quote_literal: single-quoted, `E'…'` when it holds a backslash.
std::string QuoteLiteral(const std::string& s);
/// PostgreSQL's initcap: the first letter of every run of letters and digits upper-case, the rest
/// lower-case (ASCII letters; other characters as they are).
std::string InitCap(std::string_view s);

/// A pattern of PostgreSQL's `SIMILAR TO` as the regular expression it means, for a whole-text
/// match (RE2): `%` → `.*`, `_` → `.`, `.`, `^`, `$` literal, `\x` the character x; `|`, `*`, `+`,
/// `?`, `{m,n}`, `()` and bracket expressions as in a regular expression.
std::string SimilarToRegex(std::string_view pattern);

}  // namespace kalam::engine::internal
