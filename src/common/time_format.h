#pragma once

#include <cstdint>
#include <string>

namespace kalam {

/// "infinity" of a TIMESTAMP cell (µs) and of a DATE cell (days), as the engine stores them;
/// "-infinity" is their negation.
inline constexpr int64_t kTimestampInfinity = INT64_MAX;
inline constexpr int64_t kDateInfinity = INT32_MAX;

/// "2026-11-27T05:10:47.123456Z" from microseconds since the epoch (UTC, always 6 decimals);
/// "infinity" / "-infinity" for ±kTimestampInfinity.
std::string FormatTimestampMicros(int64_t micros);
/// "2026-11-27" from days since the epoch; "infinity" / "-infinity" for ±kDateInfinity.
std::string FormatDateDays(int64_t days);
/// "05:10:47.123456" from microseconds since midnight.
std::string FormatTimeMicros(int64_t micros);

}  // namespace kalam
