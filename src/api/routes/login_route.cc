#include "api/request_json.h"
#include "api/responses.h"
#include "api/routes/routes.h"
#include "common/json_text.h"
#include "common/time_format.h"

namespace kalam::api::routes {
namespace {

HttpResponse LoginNow(const HttpRequest& req, ApiContext& ctx) {
  int64_t start_us = ctx.clock->NowMicros();
  auto took = [&] { return static_cast<double>(ctx.clock->NowMicros() - start_us) / 1000.0; };
  auto body = ParseJsonObject(req.body);
  if (!body.ok()) return ErrorResponse(body.error(), took());
  auto username = body->find("username");
  auto password = body->find("password");
  if (username == body->end() || !username->is_string() || password == body->end() ||
      !password->is_string()) {
    return ErrorResponse(Status(ErrorCode::kInvalidParameter,
                                "body must be {\"username\": string, \"password\": string}"),
                         took());
  }
  auto caller = ctx.authenticator->CheckPassword(username->get<std::string>(),
                                                 password->get<std::string>(), req.client_addr);
  if (!caller.ok()) return ErrorResponse(caller.error(), took());
  auth::IssuedToken token = ctx.authenticator->IssueToken(*caller);
  std::string out = "{\"access_token\":";
  AppendJsonString(&out, token.token);
  out.append(",\"token_type\":\"Bearer\",\"expires_at\":");
  AppendJsonString(&out, FormatTimestampMicros(token.expires_at_us));
  out.append(",\"user\":{\"username\":");
  AppendJsonString(&out, caller->username.value());
  out.append(",\"role\":");
  AppendJsonString(&out, ToString(caller->role));
  out.append("}}");
  HttpResponse response;
  response.body = std::move(out);
  return response;
}

}  // namespace

Routed Login(const HttpRequest&, ApiContext& ctx) {
  return DeferredResponse{Lane::kPassword, [&ctx](const HttpRequest& req) { return LoginNow(req, ctx); }};
}

}  // namespace kalam::api::routes
