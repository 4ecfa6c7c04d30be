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

}  // namespace

HttpResponse Sql(const HttpRequest& req, ApiContext& ctx) {
  int64_t start_us = ctx.clock->NowMicros();
  auto took = [&] { return static_cast<double>(ctx.clock->NowMicros() - start_us) / 1000.0; };
  auto caller = ctx.authenticator->Authenticate(req.authorization, req.client_addr);
  if (!caller.ok()) return ErrorResponse(caller.error(), took());
  auto body = ParseJsonObject(req.body);
  if (!body.ok()) return ErrorResponse(body.error(), took());

  auto sql = body->find("sql");
  if (sql == body->end() || !sql->is_string()) {
    return ErrorResponse(Status(ErrorCode::kInvalidParameter, "\"sql\" must be a string"), took());
  }
  const std::string& text = sql->get_ref<const std::string&>();
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return ErrorResponse(Status(ErrorCode::kInvalidParameter, "\"sql\" is empty"), took());
  }
  if (static_cast<int64_t>(text.size()) > ctx.max_sql_bytes) {
    return ErrorResponse(
        Status(ErrorCode::kProgramLimitExceeded,
               fmt::format("SQL text of {} bytes exceeds [limits] max_sql_bytes ({})", text.size(),
                           ctx.max_sql_bytes)),
        took());
  }
  std::vector<Value> params;
  if (auto p = body->find("params"); p != body->end() && !p->is_null()) {
    auto parsed = ParseParams(*p);
    if (!parsed.ok()) return ErrorResponse(parsed.error(), took());
    params = std::move(parsed).value();
  }
  exec::Session session;
  session.caller = std::move(caller).value();
  if (auto ns = body->find("namespace"); ns != body->end() && !ns->is_null()) {
    if (!ns->is_string()) {
      return ErrorResponse(Status(ErrorCode::kInvalidParameter, "\"namespace\" must be a string"),
                           took());
    }
    auto id = NamespaceId::Parse(ns->get<std::string>());
    if (!id.ok()) return ErrorResponse(id.error(), took());
    session.current_namespace = std::move(id).value();
  }
  exec::BatchResult batch = ctx.executor->ExecuteBatch(text, params, session);
  return BatchResponse(batch, took());
}

}  // namespace kalam::api::routes
