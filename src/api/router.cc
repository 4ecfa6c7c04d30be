#include "api/router.h"

#include <array>

#include "api/responses.h"
#include "api/routes/routes.h"

namespace kalam::api {
namespace {

struct RouteEntry {
  std::string_view path;
  HttpMethod method;
  Routed (*handle)(const HttpRequest&, ApiContext&);
  bool prefix = false;  // `path` followed by an id (`/v1/exports/{id}`)
};

constexpr std::array kRoutes = {
    RouteEntry{"/v1/api/healthcheck", HttpMethod::kGet, routes::Healthcheck},
    RouteEntry{"/v1/api/sql", HttpMethod::kPost, routes::Sql},
    RouteEntry{"/v1/api/auth/login", HttpMethod::kPost, routes::Login},
    RouteEntry{"/v1/exports/", HttpMethod::kGet, routes::Export, true},
    RouteEntry{"/v1/files", HttpMethod::kPost, routes::FilesUpload},
    RouteEntry{"/v1/files/", HttpMethod::kGet, routes::FilesDownload, true},
};

std::string_view PathOnly(std::string_view target) {
  auto q = target.find('?');
  return q == std::string_view::npos ? target : target.substr(0, q);
}

}  // namespace

HttpResponse Router::Handle(const HttpRequest& req) {
  Routed routed = Route(req);
  if (auto* deferred = std::get_if<DeferredResponse>(&routed)) return deferred->run(req);
  return std::get<HttpResponse>(std::move(routed));
}

Routed Router::Route(const HttpRequest& req) {
  std::string_view path = PathOnly(req.path);
  for (const RouteEntry& route : kRoutes) {
    if (route.prefix ? !(path.starts_with(route.path) && path.size() > route.path.size()) : route.path != path) continue;
    if (route.method != req.method) {
      HttpResponse r = ErrorResponse(
          Status(ErrorCode::kMethodNotAllowed,
                 std::string("method not allowed for ") + std::string(path)),
          0.0);
      return r;
    }
    if (draining_ && route.handle != routes::Healthcheck) {
      HttpResponse r = ErrorResponse(
          Status(ErrorCode::kShuttingDown, "the server is shutting down"), 0.0);
      r.close = true;
      return r;
    }
    return route.handle(req, ctx_);
  }
  return ErrorResponse(Status(ErrorCode::kRouteNotFound, "no such endpoint: " + std::string(path)),
                       0.0);
}

}  // namespace kalam::api
