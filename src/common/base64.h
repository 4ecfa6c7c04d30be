#pragma once

#include <string>
#include <string_view>

namespace kalam {

/// Standard base64 with padding (RFC 4648 §4).
std::string Base64Encode(std::string_view bytes);
/// Decodes standard or URL-safe base64, padding optional; false on invalid input.
bool Base64Decode(std::string_view text, std::string* out);
/// URL-safe base64 without padding (JWT).
std::string Base64UrlEncode(std::string_view bytes);

}  // namespace kalam
