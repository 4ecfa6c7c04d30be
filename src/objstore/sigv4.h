#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kalam::objstore {

/// The parts of an HTTP request that AWS Signature Version 4 signs.
struct SigV4Request {
  std::string method;  // "GET"
  /// Canonical URI: the path, each segment URI-encoded (UriEncode(path, false)).
  std::string path;
  /// Canonical query string: `name=value` pairs URI-encoded, sorted, joined by '&'.
  std::string query;
  /// Headers to sign, with `host` and `x-amz-date` among them (any case; values trimmed).
  std::vector<std::pair<std::string, std::string>> headers;
  /// Hex SHA-256 of the body, or "UNSIGNED-PAYLOAD".
  std::string payload_hash;
};

/// Who signs, for which region and service ("s3").
struct SigV4Key {
  std::string access_key_id;
  std::string secret_access_key;
  std::string region;
  std::string service;
};

/// The `Authorization` header value for the request at `amz_date` (YYYYMMDDTHHMMSSZ, the same
/// value as the x-amz-date header).
std::string SignV4(const SigV4Request& request, const SigV4Key& key, std::string_view amz_date);

/// Lower-case hex SHA-256.
std::string Sha256Hex(std::string_view data);
/// RFC 3986 encoding as SigV4 wants it: unreserved characters kept, '/' kept unless asked.
std::string UriEncode(std::string_view text, bool encode_slash);

}  // namespace kalam::objstore
