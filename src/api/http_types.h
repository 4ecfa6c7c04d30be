#pragma once

#include <string>

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

}  // namespace kalam::api
