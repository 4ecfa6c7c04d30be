#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "api/cors.h"
#include "api/router.h"
#include "common/status.h"

namespace kalam::api {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  /// I/O threads; 0 = one per core.
  int io_threads = 0;
  /// Threads that run non-inline routes (SQL).
  int worker_threads = 8;
  int64_t max_body_bytes = 10 << 20;
  /// A request must arrive completely within this time (slow clients are dropped).
  int read_timeout_s = 30;
  /// How long Stop() waits for in-flight requests.
  int drain_timeout_s = 30;
  /// Browser origins allowed to call the API (preflight answers and Access-Control-Allow-Origin).
  CorsPolicy cors;
};

/// HTTP/1.1 server on Boost.Beast: keep-alive, size limits, timeouts, malformed requests
/// answered with 400. I/O threads never run SQL: routes other than the health check go to a
/// bounded worker pool.
class HttpServer {
 public:
  /// Binds and listens (so a taken port fails here, before anything else is opened).
  /// OBJECT_IN_USE "port N is already in use" when the port is taken.
  static Result<std::unique_ptr<HttpServer>> Bind(const HttpServerOptions& options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Starts accepting and serving with `router` (which must outlive the server).
  void Start(Router* router);
  /// Stops accepting, answers 503 to new requests, waits for in-flight ones, closes
  /// connections and joins the threads. Idempotent.
  void Stop();
  /// The bound port (useful with port 0).
  int port() const;

  /// Implementation detail (Beast types), public only so the connection code can name it.
  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kalam::api
