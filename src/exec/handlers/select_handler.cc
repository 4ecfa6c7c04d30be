#include "exec/handlers/handlers.h"

#include <fmt/format.h>

namespace kalam::exec::handlers {

engine::QueryContext QueryContextOf(const std::vector<Value>& params, ExecContext& ctx, const Session& session) {
  engine::QueryContext qctx;
  qctx.caller = session.caller;
  qctx.default_namespace = session.current_namespace;
  qctx.params = params;
  qctx.max_rows = ctx.max_result_rows;
  qctx.statement_time_us = session.statement_time_us;
  return qctx;
}

engine::QueryContext WriteQueryContextOf(const std::vector<Value>& params, ExecContext& ctx, const Session& session) {
  engine::QueryContext qctx = QueryContextOf(params, ctx, session);
  qctx.max_rows = ctx.max_write_rows;
  qctx.row_limit = engine::QueryContext::RowLimit::kWrite;
  return qctx;
}

namespace {

Result<StatementResult> ToStatementResult(Result<RowSet> rows) {
  if (!rows.ok()) return rows.error();
  StatementResult result;
  result.row_count = static_cast<int64_t>(rows->rows.size());
  result.rows = std::move(rows).value();
  return result;
}

}  // namespace

namespace {

/// The query's text is KalamDB's, built around fragments of the statement: a position in it would
/// point at the wrong character of what the caller sent.
Result<RowSet> WithoutPosition(Result<RowSet> result) {
  if (!result.ok() && result.error().position()) return result.error().WithPosition(std::nullopt);
  return result;
}

}  // namespace

Result<RowSet> RunQuery(std::string_view sql, const std::vector<Value>& params, ExecContext& ctx,
                        const Session& session) {
  return WithoutPosition(ctx.engine->Query(sql, QueryContextOf(params, ctx, session)));
}

Result<RowSet> RunWriteQuery(std::string_view sql, const std::vector<Value>& params, ExecContext& ctx,
                             const Session& session) {
  return WithoutPosition(ctx.engine->Query(sql, WriteQueryContextOf(params, ctx, session)));
}

Result<StatementResult> ExecuteSelect(const sql::Select& stmt, const std::vector<Value>& params,
                                      ExecContext& ctx, Session& session) {
  // The statement's own text: an error's position points into it.
  return ToStatementResult(ctx.engine->Query(stmt.text, QueryContextOf(params, ctx, session)));
}

std::optional<Result<StatementResult>> TryQuickSelect(const sql::Select& stmt,
                                                      const std::vector<Value>& params,
                                                      ExecContext& ctx, const Session& session) {
  auto rows = ctx.engine->TryPointQuery(stmt.text, QueryContextOf(params, ctx, session));
  if (!rows) return std::nullopt;
  return ToStatementResult(std::move(*rows));
}

}  // namespace kalam::exec::handlers
