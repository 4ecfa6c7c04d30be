#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "link/core/result.h"

namespace kalam::link {

// HTTP bodies of CONTRACT §2: encoding requests, decoding answers (no I/O).

std::string EncodeSqlRequest(std::string_view sql, const std::vector<Cell>& params = {},
                             const std::optional<std::string>& ns = std::nullopt);
/// A body that is not the contract's JSON becomes an error with code "PROTOCOL_ERROR".
Response DecodeSqlResponse(int http_status, std::string_view body);

std::string EncodeLoginRequest(std::string_view username, std::string_view password);

struct LoginResult {
  std::optional<Error> error;
  std::string token;
  std::string expires_at;
  std::string username;
  std::string role;
};
LoginResult DecodeLoginResponse(int http_status, std::string_view body);

struct Health {
  std::optional<Error> error;
  std::string status;
  std::string version;
};
Health DecodeHealthResponse(int http_status, std::string_view body);

/// `Basic base64(user:password)`.
std::string BasicAuthorization(std::string_view username, std::string_view password);

}  // namespace kalam::link
