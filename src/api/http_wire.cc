#include "api/http_wire.h"

#include <fmt/format.h>

namespace kalam::api {

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Unknown";
  }
}

std::string SerializeResponse(const HttpResponse& response, unsigned version, bool keep_alive,
                              const std::optional<std::string>& cors_origin) {
  const bool http10 = version == 10;
  const bool no_body = (response.status >= 100 && response.status < 200) || response.status == 204 ||
                       response.status == 304;
  std::string out;
  out.reserve(160 + response.content_type.size() + (no_body ? 0 : response.body.size()) +
              (cors_origin ? cors_origin->size() + 48 : 0));
  fmt::format_to(std::back_inserter(out), "HTTP/1.{} {} {}\r\nServer: kalamdb\r\nContent-Type: {}\r\n", http10 ? 0 : 1,
                 response.status, ReasonPhrase(response.status), response.content_type);
  if (cors_origin) fmt::format_to(std::back_inserter(out), "Access-Control-Allow-Origin: {}\r\nVary: Origin\r\n", *cors_origin);
  if (!keep_alive && !http10) out += "Connection: close\r\n";
  if (keep_alive && http10) out += "Connection: keep-alive\r\n";
  if (!no_body) fmt::format_to(std::back_inserter(out), "Content-Length: {}\r\n", response.body.size());
  out += "\r\n";
  if (!no_body) out += response.body;
  return out;
}

}  // namespace kalam::api
