#include "api/cors.h"

#include <algorithm>

namespace kalam::api {

CorsPolicy::CorsPolicy(std::vector<std::string> origins) {
  for (auto& o : origins) {
    if (o == "*") {
      any_ = true;
      continue;
    }
    while (!o.empty() && o.back() == '/') o.pop_back();  // "https://a.example/" names the same origin
    if (!o.empty()) origins_.push_back(std::move(o));
  }
}

std::optional<std::string> CorsPolicy::AllowOrigin(std::string_view origin) const {
  if (origin.empty() || origin == "null") return std::nullopt;
  if (any_) return std::string(origin);
  if (std::find(origins_.begin(), origins_.end(), origin) != origins_.end()) return std::string(origin);
  return std::nullopt;
}

}  // namespace kalam::api
