#pragma once

#include <functional>

#include <optional>
#include <string_view>
#include <vector>

#include "exec/exec_context.h"
#include "exec/session.h"
#include "exec/statement_cache.h"
#include "exec/statement_result.h"
#include "sql/ast/statement.h"

namespace kalam::exec {

/// Runs SQL batches: split at `;`, parse each statement, dispatch it to its handler by kind.
/// Thread-safe (handlers share only thread-safe parts).
class Executor {
 public:
  explicit Executor(ExecContext ctx) : ctx_(std::move(ctx)), cache_(1024) {
    ctx_.statement_cache = &cache_;
  }

  /// Runs the statements in order; the first failure stops the batch and is reported with its
  /// index; error positions are 1-based within the whole `sql`. An empty batch is
  /// INVALID_PARAMETER.
  BatchResult ExecuteBatch(std::string_view sql, const std::vector<Value>& params, Session& session);

  /// ExecuteBatch for a batch that is one statement short enough for an I/O thread — a SELECT
  /// answered by a primary-key read, or a small literal INSERT whose commit will be short
  /// (handlers::IsQuickInsert);
  /// nullopt for anything else (then call ExecuteBatch).
  std::optional<BatchResult> TryExecuteQuick(std::string_view sql, const std::vector<Value>& params,
                                             Session& session);

  /// True when the batch is one INSERT of literal values and parameters (no engine work: its time
  /// is the wait for its group commit).
  bool IsLiteralInsert(std::string_view sql);
  /// Starts such a batch (IsLiteralInsert) without waiting for its commit: `done` gets the batch's
  /// result once — on the thread that finished the commit, or on this one when the INSERT fails
  /// before anything is written. Any other batch: INTERNAL_ERROR through `done`, nothing run.
  void StartLiteralInsert(std::string_view sql, const std::vector<Value>& params, Session& session,
                          std::function<void(BatchResult)> done);

 private:
  Result<StatementResult> Execute(const sql::Statement& statement, const std::vector<Value>& params,
                                  Session& session);

  /// The parsed batch, from the cache or parsed now (and cached when it has no error).
  StatementCache::Entry Parse(std::string_view sql);
  /// Writes the statement's audit note, or its permission denial, to system.audit_log.
  Result<StatementResult> Audited(Result<StatementResult> result, const ParsedStatement& p,
                                  const Session& session);
  /// Adds statement `index`'s outcome to `batch`; false when it failed (the batch stops).
  static bool Record(Result<StatementResult> result, std::string_view sql, const ParsedStatement& p,
                     size_t index, BatchResult& batch);

  ExecContext ctx_;
  StatementCache cache_;
};

}  // namespace kalam::exec
