#include <fmt/format.h>

#include "api/request_json.h"
#include "api/responses.h"
#include "api/routes/routes.h"

namespace kalam::api::routes {
namespace {

/// JSON params → values; nested arrays/objects travel as JSON text.
Result<std::vector<Value>> ParseParams(const nlohmann::json& params) {
  if (!params.is_array()) {
    return Status(ErrorCode::kInvalidParameter, "\"params\" must be an array");
  }
  std::vector<Value> out;
  for (const auto& p : params) {
    if (p.is_null()) {
      out.emplace_back(std::monostate{});
    } else if (p.is_boolean()) {
      out.emplace_back(p.get<bool>());
    } else if (p.is_number_integer()) {
      if (p.is_number_unsigned() && p.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
        out.emplace_back(std::to_string(p.get<uint64_t>()));
      } else {
        out.emplace_back(p.get<int64_t>());
      }
    } else if (p.is_number_float()) {
      out.emplace_back(p.get<double>());
    } else if (p.is_string()) {
      out.emplace_back(p.get<std::string>());
    } else {
      out.emplace_back(p.dump());
    }
  }
  return out;
}

/// A request read and authenticated, ready to run.
struct SqlCall {
  int64_t start_us = 0;
  std::string sql;
  std::vector<Value> params;
  exec::Session session;
};

double MsSince(int64_t start_us, ApiContext& ctx) {
  return static_cast<double>(ctx.clock->NowMicros() - start_us) / 1000.0;
}

Result<SqlCall> ReadSqlCall(const HttpRequest& req, ApiContext& ctx, int64_t start_us) {
  SqlCall call;
  call.start_us = start_us;
  KALAM_ASSIGN_OR_RETURN(call.session.caller,
                         ctx.authenticator->Authenticate(req.authorization, req.client_addr));
  KALAM_ASSIGN_OR_RETURN(auto body, ParseJsonObject(req.body));
  auto sql = body.find("sql");
  if (sql == body.end() || !sql->is_string()) {
    return Status(ErrorCode::kInvalidParameter, "\"sql\" must be a string");
  }
  call.sql = std::move(sql->get_ref<std::string&>());
  if (call.sql.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status(ErrorCode::kInvalidParameter, "\"sql\" is empty");
  }
  if (static_cast<int64_t>(call.sql.size()) > ctx.max_sql_bytes) {
    return Status(ErrorCode::kProgramLimitExceeded,
                  fmt::format("SQL text of {} bytes exceeds [limits] max_sql_bytes ({})",
                              call.sql.size(), ctx.max_sql_bytes));
  }
  if (auto p = body.find("params"); p != body.end() && !p->is_null()) {
    KALAM_ASSIGN_OR_RETURN(call.params, ParseParams(*p));
  }
  if (auto ns = body.find("namespace"); ns != body.end() && !ns->is_null()) {
    if (!ns->is_string()) return Status(ErrorCode::kInvalidParameter, "\"namespace\" must be a string");
    KALAM_ASSIGN_OR_RETURN(call.session.current_namespace, NamespaceId::Parse(ns->get<std::string>()));
  }
  return call;
}

HttpResponse RunSqlCall(SqlCall& call, ApiContext& ctx) {
  exec::BatchResult batch = ctx.executor->ExecuteBatch(call.sql, call.params, call.session);
  return BatchResponse(batch, MsSince(call.start_us, ctx));
}

/// Reads, authenticates and runs the request (on a worker).
HttpResponse SqlNow(const HttpRequest& req, ApiContext& ctx) {
  int64_t start_us = ctx.clock->NowMicros();
  auto call = ReadSqlCall(req, ctx, start_us);
  if (!call.ok()) return ErrorResponse(call.error(), MsSince(start_us, ctx));
  return RunSqlCall(*call, ctx);
}

}  // namespace

Routed Sql(const HttpRequest& req, ApiContext& ctx) {
  // A password to hash (tens of ms) never runs on an I/O thread, nor among the queries.
  if (!ctx.authenticator->IsQuick(req.authorization)) {
    return DeferredResponse{Lane::kPassword, [&ctx](const HttpRequest& r) { return SqlNow(r, ctx); }};
  }
  int64_t start_us = ctx.clock->NowMicros();
  auto call = ReadSqlCall(req, ctx, start_us);
  if (!call.ok()) {
    return ErrorResponse(call.error(), MsSince(start_us, ctx));
  }
  // Point lookups and small INSERTs are short texts; anything longer is not parsed on the I/O thread.
  constexpr size_t kQuickSqlBytes = 4096;
  std::optional<exec::BatchResult> batch;
  if (call->sql.size() <= kQuickSqlBytes) batch = ctx.executor->TryExecuteQuick(call->sql, call->params, call->session);
  if (batch) {
    return BatchResponse(*batch, MsSince(call->start_us, ctx));
  }
  auto shared = std::make_shared<SqlCall>(std::move(call).value());
  // A literal INSERT left here waits for an fsync'd commit behind another (or on a slow disk): it
  // is prepared here and answered when its group commit is written, holding no thread meanwhile.
  if (shared->sql.size() <= kQuickSqlBytes && ctx.executor->IsLiteralInsert(shared->sql)) {
    return AsyncResponse{[shared, &ctx](Reply reply) {
      ctx.executor->StartLiteralInsert(shared->sql, shared->params, shared->session,
                                       [shared, &ctx, reply = std::move(reply)](exec::BatchResult batch) {
                                         reply([shared, &ctx, batch = std::move(batch)] {
                                           return BatchResponse(batch, MsSince(shared->start_us, ctx));
                                         });
                                       });
    }};
  }
  return DeferredResponse{Lane::kQuery, [shared, &ctx](const HttpRequest&) { return RunSqlCall(*shared, ctx); }};
}

}  // namespace kalam::api::routes
