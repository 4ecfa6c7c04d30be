#pragma once

#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/strings.h"
#include "sql/token.h"

namespace kalam::sql {

/// Splits SQL text into tokens, skipping whitespace and comments (-- and nested /* */).
/// The last token is always kEnd (offset = text size). SYNTAX_ERROR for an unterminated string,
/// quoted identifier or comment, with the 1-based character position of its start.
Result<std::vector<Token>> Lex(std::string_view text);

}  // namespace kalam::sql
