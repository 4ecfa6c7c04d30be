#include "catalog/flush_policy.h"

#include <charconv>

#include <fmt/format.h>

#include "common/strings.h"

namespace kalam::catalog {

Result<FlushPolicy> ParseFlushPolicy(std::string_view text) {
  FlushPolicy policy;
  if (text.empty()) return policy;
  auto invalid = [&] {
    return Status(ErrorCode::kInvalidParameter,
                  fmt::format("invalid FLUSH_POLICY \"{}\": expected rows:N, interval:SECONDS or both, "
                              "comma-separated, with positive numbers",
                              text));
  };
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string_view part = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    size_t colon = part.find(':');
    if (colon == std::string_view::npos) return invalid();
    std::string key = ToLowerAscii(std::string(part.substr(0, colon)));
    std::string_view number = part.substr(colon + 1);
    int64_t n = 0;
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
    if (ec != std::errc() || end != number.data() + number.size() || n <= 0) return invalid();
    std::optional<int64_t>* slot = key == "rows" ? &policy.rows : key == "interval" ? &policy.interval_seconds : nullptr;
    if (slot == nullptr || slot->has_value()) return invalid();
    *slot = n;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return policy;
}

}  // namespace kalam::catalog
