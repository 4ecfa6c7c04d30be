#include <fstream>
#include <sstream>

#include "api/responses.h"
#include "api/routes/routes.h"
#include "jobs/job_manager.h"

namespace kalam::api::routes {
namespace {

constexpr std::string_view kPrefix = "/v1/exports/";

HttpResponse ExportNow(const HttpRequest& req, ApiContext& ctx) {
  auto caller = ctx.authenticator->Authenticate(req.authorization, req.client_addr);
  if (!caller.ok()) return ErrorResponse(caller.error(), 0.0);
  if (ctx.jobs == nullptr) return ErrorResponse(Status(ErrorCode::kFeatureNotSupported, "background jobs are not running"), 0.0);
  std::string_view id = req.path;
  id.remove_prefix(kPrefix.size());
  if (auto q = id.find('?'); q != std::string_view::npos) id = id.substr(0, q);
  auto path = ctx.jobs->ExportFileOf(std::string(id), caller->username);
  if (!path.ok()) return ErrorResponse(path.error(), 0.0);
  std::ifstream in(*path, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  if (!in) return ErrorResponse(Status(ErrorCode::kInternal, "could not read the export"), 0.0);
  HttpResponse response;
  response.body = std::move(body).str();
  return response;
}

}  // namespace

Routed Export(const HttpRequest& req, ApiContext& ctx) {
  // A password to check (Argon2id) or a file to read: never on the I/O thread.
  const Lane lane = ctx.authenticator->IsQuick(req.authorization) ? Lane::kQuery : Lane::kPassword;
  return DeferredResponse{lane, [&ctx](const HttpRequest& r) { return ExportNow(r, ctx); }};
}

}  // namespace kalam::api::routes
