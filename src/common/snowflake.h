#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace kalam {

/// Snowflake ids: 41 bits of milliseconds since 2024-01-01T00:00:00Z, 10 bits of node id, 12 bits
/// of sequence. Strictly increasing per generator (a clock that goes back waits at the last
/// millisecond), so an id is both a row version and a change-feed position. Thread-safe.
class SnowflakeGenerator {
 public:
  static constexpr int64_t kEpochMs = 1704067200000LL;

  SnowflakeGenerator(int node_id, const Clock* clock) : node_id_(node_id & 0x3FF), clock_(clock) {}

  int64_t Next();
  /// The millisecond timestamp (Unix epoch) an id was made at.
  static int64_t TimestampMs(int64_t id) { return (id >> 22) + kEpochMs; }

 private:
  int node_id_;
  const Clock* clock_;
  std::mutex mu_;
  int64_t last_ms_ = 0;   // guarded by mu_
  int64_t sequence_ = 0;  // guarded by mu_
};

/// A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7, random rest; canonical text.
std::string NewUuidV7(const Clock& clock);

/// A random UUID (version 4), as PostgreSQL's gen_random_uuid(); canonical text.
std::string NewUuidV4();

/// True for a canonical 8-4-4-4-12 hex UUID (either case).
bool IsCanonicalUuid(std::string_view s);

}  // namespace kalam
