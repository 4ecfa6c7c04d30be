#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/http_types.h"

namespace kalam::api {

/// The reason phrase of an HTTP status code ("OK", "Not Found"; "Unknown" for codes we never send).
std::string_view ReasonPhrase(int status);

/// The whole HTTP/1.x response (status line, headers, body) as it goes on the wire, built in one
/// buffer: one write, no serializer. `version` is the request's (10 or 11). Headers: Server,
/// Content-Type, the CORS pair when `cors_origin` is set, Content-Length (none for 1xx, 204 and
/// 304, which carry no body), and Connection when it differs from the version's default
/// (`close` for HTTP/1.1, `keep-alive` for HTTP/1.0).
std::string SerializeResponse(const HttpResponse& response, unsigned version, bool keep_alive,
                              const std::optional<std::string>& cors_origin);

}  // namespace kalam::api
