#pragma once

#include <cstdint>
#include <string>

namespace kalam {

/// "2026-11-27T05:10:47.123456Z" from microseconds since the epoch (UTC, always 6 decimals).
std::string FormatTimestampMicros(int64_t micros);
/// "2026-11-27" from days since the epoch.
std::string FormatDateDays(int64_t days);
/// "05:10:47.123456" from microseconds since midnight.
std::string FormatTimeMicros(int64_t micros);

}  // namespace kalam
