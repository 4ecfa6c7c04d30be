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
  std::string content_type;
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

/// The worker pool deferred work runs on: queries (the engine's connections), or password hashing
/// (Argon2id, tens of ms: a small pool of its own, so a flood of logins never delays queries).
enum class Lane : uint8_t { kQuery, kPassword };

/// Work a route leaves for a worker thread: anything that may block or take long (Argon2,
/// queries, writes). Called with the same request.
struct DeferredResponse {
  Lane lane = Lane::kQuery;
  std::function<HttpResponse(const HttpRequest&)> run;
};

/// Gives a request's response, once, from any thread: `make` builds it on the connection's I/O
/// thread (so a committer that answers a group's INSERTs only hands their results over).
using Reply = std::function<void(std::function<HttpResponse()> make)>;

/// Work that holds no thread while it waits (a literal INSERT waiting for its fsync'd group
/// commit): `start` runs on the I/O thread, must not block, and calls the Reply once when the
/// response is ready (from whichever thread finished the work).
struct AsyncResponse {
  std::function<void(Reply)> start;
};

/// What a route gives on the I/O thread: the response itself, or the work that produces it.
using Routed = std::variant<HttpResponse, DeferredResponse, AsyncResponse>;

}  // namespace kalam::api
