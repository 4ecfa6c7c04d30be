#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace kalam::live {

/// What a client asks for in a `subscribe` frame (CONTRACT §7).
struct SubscribeRequest {
  std::string id;
  std::string sql;
  std::optional<int64_t> last_rows;
  std::optional<int64_t> from_seq;
  int64_t batch_size = 1000;
  /// The options object as sent (system.live_queries.options).
  std::string options_json = "{}";
};

}  // namespace kalam::live
