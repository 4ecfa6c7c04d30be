#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"

namespace kalam::exec {

/// What a statement did that system.audit_log keeps (DDL, user management).
struct AuditNote {
  std::string action;  // "CREATE TABLE", "ALTER USER", ...
  std::string target;  // "app.notes", "alice"
  std::string details;
};

/// The outcome of one statement: rows (queries, SHOW) or an affected-row count and a message.
struct StatementResult {
  std::optional<RowSet> rows;
  int64_t row_count = 0;
  std::string message;
  /// Set by handlers whose success is audited; the executor writes it.
  std::optional<AuditNote> audit;
};

/// The outcome of a batch: the results of the statements that ran and, when one failed, its
/// error and 0-based index (CONTRACT §2: earlier statements stay committed).
struct BatchResult {
  std::vector<StatementResult> results;
  Status error;
  std::optional<int> error_statement_index;
};

}  // namespace kalam::exec
