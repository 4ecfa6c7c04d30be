#include <fstream>
#include <sstream>

#include "api/responses.h"
#include "api/routes/route_support.h"
#include "api/routes/routes.h"
#include "jobs/job_manager.h"

namespace kalam::api::routes {
namespace {

constexpr std::string_view kPrefix = "/v1/exports/";

HttpResponse ExportNow(const HttpRequest& req, ApiContext& ctx) {
  auto caller = ctx.authenticator->Authenticate(req.authorization, req.client_addr);
  if (!caller.ok()) return ErrorResponse(caller.error(), 0.0);
  if (ctx.jobs == nullptr) return ErrorResponse(Status(ErrorCode::kFeatureNotSupported, "background jobs are not running"), 0.0);
  auto path = ctx.jobs->ExportFileOf(std::string(PathId(req, kPrefix)), caller->username);
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

Routed Export(const HttpRequest& req, ApiContext& ctx) { return DeferredByCredentials(req, ctx, ExportNow); }

}  // namespace kalam::api::routes
