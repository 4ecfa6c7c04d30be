#include "common/snowflake.h"

#include <random>
#include <string>

namespace kalam {

int64_t SnowflakeGenerator::Next() {
  std::lock_guard lock(mu_);
  int64_t ms = clock_->NowMicros() / 1000 - kEpochMs;
  if (ms < last_ms_) ms = last_ms_;  // clock went back: keep ids increasing
  if (ms == last_ms_) {
    sequence_ = (sequence_ + 1) & 0xFFF;
    if (sequence_ == 0) ++ms;  // 4096 ids in this millisecond: borrow the next one
  } else {
    sequence_ = 0;
  }
  last_ms_ = ms;
  return (ms << 22) | (static_cast<int64_t>(node_id_) << 12) | sequence_;
}

namespace {

/// The canonical text of the 128 bits hi:lo.
std::string UuidText(uint64_t hi, uint64_t lo) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    uint64_t word = i < 8 ? hi : lo;
    int shift = (7 - (i % 8)) * 8;
    auto byte = static_cast<unsigned>((word >> shift) & 0xFF);
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 15]);
  }
  return out;
}

std::mt19937_64& Random() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return rng;
}

}  // namespace

std::string NewUuidV7(const Clock& clock) {
  auto& rng = Random();
  uint64_t ms = static_cast<uint64_t>(clock.NowMicros() / 1000);
  uint64_t hi = (ms << 16) | 0x7000 | (rng() & 0x0FFF);
  uint64_t lo = (rng() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
  return UuidText(hi, lo);
}

std::string NewUuidV4() {
  auto& rng = Random();
  uint64_t hi = (rng() & 0xFFFFFFFFFFFF0FFFULL) | 0x4000;
  uint64_t lo = (rng() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
  return UuidText(hi, lo);
}

bool IsCanonicalUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

}  // namespace kalam
