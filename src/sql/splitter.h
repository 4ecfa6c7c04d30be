#pragma once

#include <string_view>
#include <vector>

#include "common/status.h"

namespace kalam::sql {

/// One statement of a batch: its text (without the `;`) and where it starts in the batch.
struct StatementText {
  std::string_view text;
  size_t offset = 0;  // byte offset in the batch
};

/// Splits a batch at top-level `;` (not inside strings, quoted identifiers, comments or
/// dollar quotes). Statements that are empty or only comments are dropped.
/// SYNTAX_ERROR (with position) for an unterminated string or comment.
Result<std::vector<StatementText>> SplitStatements(std::string_view batch);

}  // namespace kalam::sql
