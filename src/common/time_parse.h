#pragma once

#include <cstdint>
#include <string_view>

namespace kalam {

/// Parsing of date/time text as PostgreSQL's input functions accept it (the forms applications
/// send: ISO 8601 with 'T' or a space, minutes without seconds, fractions, one-digit months, days
/// and hours, "Z"/"UTC"/"GMT" or a numeric offset with or without a colon or a space before it,
/// "epoch", "infinity", "-infinity", and surrounding white space). Zone names other than
/// UTC/GMT are not understood here.

/// A timestamp to UTC microseconds; an offset moves it to UTC; without one the text is UTC.
/// "infinity"/"-infinity" give kTimestampInfinity and its negation (time_format.h).
bool ParseTimestampMicros(std::string_view text, int64_t* micros);
/// A date to days since the epoch; a time after it is ignored as PostgreSQL does ("2026-11-27T05:10Z").
bool ParseDateDays(std::string_view text, int64_t* days);
/// A time of day to microseconds since midnight ("24:00" included); an offset is ignored.
bool ParseTimeMicros(std::string_view text, int64_t* micros);

}  // namespace kalam
