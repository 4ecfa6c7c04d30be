#pragma once

#include <functional>
#include <string>
#include <variant>

namespace kalam::api {

enum class HttpMethod : uint8_t { kGet, kPost, kOther };

/// A request as the routes see it (no Beast types beyond the server).
struct HttpRequest {
  HttpMethod method = HttpMethod::kOther;
  std::string path;
  std::string authorization;
  std::string body;
  std::string client_addr;
};

struct HttpResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  /// Close the connection after this response.
  bool close = false;
};

/// The worker pool deferred work runs on: queries (the engine's connections); password hashing
/// (Argon2id, tens of ms: a small pool of its own, so a flood of logins never delays queries); or
/// literal INSERTs waiting for their group commit's fsync (no engine work, mostly blocked: a pool of
/// their own, so a burst of fsync'd writes groups into large commits instead of queueing behind the
/// query workers).
enum class Lane : uint8_t { kQuery, kPassword, kCommit };

/// Work a route leaves for a worker thread: anything that may block or take long (Argon2,
/// queries, writes). Called with the same request.
struct DeferredResponse {
  Lane lane = Lane::kQuery;
  std::function<HttpResponse(const HttpRequest&)> run;
};

/// What a route gives on the I/O thread: the response itself, or the work that produces it.
using Routed = std::variant<HttpResponse, DeferredResponse>;

}  // namespace kalam::api
