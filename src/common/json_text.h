#pragma once

#include <string>
#include <string_view>

namespace kalam {

/// Appends `s` as a JSON string literal (quotes included). Invalid UTF-8 bytes become U+FFFD,
/// so the output is always valid JSON.
void AppendJsonString(std::string* out, std::string_view s);

/// Appends a double as JSON: shortest round-trip form; NaN and ±Infinity as the strings
/// "NaN", "Infinity", "-Infinity" (JSON has no such numbers).
void AppendJsonDouble(std::string* out, double v);

}  // namespace kalam
