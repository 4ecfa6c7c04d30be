#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kalam::api {

/// Which browser origins may call the HTTP API from scripts ([server] cors_allowed_origins):
/// exact origins such as "https://app.example.com", or "*" for any. Empty (the default) = none:
/// browsers then refuse cross-origin calls, while other clients are unaffected.
class CorsPolicy {
 public:
  CorsPolicy() = default;
  explicit CorsPolicy(std::vector<std::string> origins);

  bool enabled() const { return any_ || !origins_.empty(); }
  /// The Access-Control-Allow-Origin value for a request's Origin header, or nullopt when the
  /// origin is absent or not allowed.
  std::optional<std::string> AllowOrigin(std::string_view origin) const;

  /// Headers of a preflight answer (204) for an allowed origin.
  static constexpr std::string_view kAllowMethods = "GET, POST, OPTIONS";
  static constexpr std::string_view kAllowHeaders = "Authorization, Content-Type";
  static constexpr std::string_view kMaxAgeSeconds = "600";

 private:
  std::vector<std::string> origins_;
  bool any_ = false;
};

}  // namespace kalam::api
