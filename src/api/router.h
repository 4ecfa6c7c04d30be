#pragma once

#include <atomic>

#include "api/api_context.h"
#include "api/http_types.h"

namespace kalam::api {

/// Maps requests to routes. Thread-safe.
class Router {
 public:
  explicit Router(ApiContext ctx) : ctx_(ctx) {}

  /// Runs the route of the request on the calling (I/O) thread: the response, or the work to
  /// finish on a worker. 404/405 bodies for unknown paths and methods, 503 while draining
  /// (except the health check).
  Routed Route(const HttpRequest& req);
  /// Route, then the deferred work if any, on the calling thread (tests, tools).
  HttpResponse Handle(const HttpRequest& req);
  /// From now on, answer 503 (shutting down) and close connections.
  void StartDraining() { draining_ = true; }
  bool draining() const { return draining_; }
  /// The routes' context (WebSocket sessions use it too).
  ApiContext* context() { return &ctx_; }

 private:
  ApiContext ctx_;
  std::atomic<bool> draining_{false};
};

}  // namespace kalam::api
