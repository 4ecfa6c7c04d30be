#pragma once

#include <atomic>

#include "api/api_context.h"
#include "api/http_types.h"

namespace kalam::api {

/// Maps requests to routes. Thread-safe.
class Router {
 public:
  explicit Router(ApiContext ctx) : ctx_(ctx) {}

  /// Runs the route of the request: 404/405 bodies for unknown paths and methods, 503 while
  /// draining (except the health check).
  HttpResponse Handle(const HttpRequest& req);
  /// True for routes cheap enough to answer on the I/O thread (health check).
  static bool IsInline(const HttpRequest& req);
  /// From now on, answer 503 (shutting down) and close connections.
  void StartDraining() { draining_ = true; }

 private:
  ApiContext ctx_;
  std::atomic<bool> draining_{false};
};

}  // namespace kalam::api
