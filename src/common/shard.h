#pragma once

#include <cstdint>
#include <string_view>

namespace kalam {

/// The shard of a user: FNV-1a 64 of the user id, modulo `shards`. Stable forever (documented in
/// docs/tables.md): changing it would strand rows.
inline int ShardOf(std::string_view user_id, int shards) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : user_id) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return static_cast<int>(h % static_cast<uint64_t>(shards < 1 ? 1 : shards));
}

}  // namespace kalam
