#pragma once

#include <string_view>

#include "common/status.h"
#include "sql/ast/statement.h"

namespace kalam::sql {

/// Parses one statement (no trailing `;`). Errors: SYNTAX_ERROR with PostgreSQL's wording and
/// the 1-based position within `text`; PERMISSION_DENIED for engine-control statements (COPY,
/// ATTACH, SET, PRAGMA, INSTALL, LOAD, ...); FEATURE_NOT_SUPPORTED for KalamDB statements this
/// build does not execute yet; INVALID_PARAMETER for invalid names.
Result<Statement> ParseStatement(std::string_view text);

/// Parses a live query (CONTRACT §7): `SELECT * | cols FROM [ns.]t [WHERE filter]`.
/// FEATURE_NOT_SUPPORTED, positioned, for SQL outside that subset; SYNTAX_ERROR for broken text.
Result<LiveQuery> ParseLiveQuery(std::string_view text);

}  // namespace kalam::sql
