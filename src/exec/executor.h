#pragma once

#include <string_view>
#include <vector>

#include "exec/exec_context.h"
#include "exec/session.h"
#include "exec/statement_result.h"
#include "sql/ast/statement.h"

namespace kalam::exec {

/// Runs SQL batches: split at `;`, parse each statement, dispatch it to its handler by kind.
/// Thread-safe (handlers share only thread-safe parts).
class Executor {
 public:
  explicit Executor(ExecContext ctx) : ctx_(ctx) {}

  /// Runs the statements in order; the first failure stops the batch and is reported with its
  /// index; error positions are 1-based within the whole `sql`. An empty batch is
  /// INVALID_PARAMETER.
  BatchResult ExecuteBatch(std::string_view sql, const std::vector<Value>& params, Session& session);

 private:
  Result<StatementResult> Execute(const sql::Statement& statement, const std::vector<Value>& params,
                                  Session& session);

  ExecContext ctx_;
};

}  // namespace kalam::exec
