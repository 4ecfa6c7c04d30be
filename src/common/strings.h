#pragma once

#include <string>
#include <string_view>

namespace kalam {

/// ASCII upper-case copy (SQL keywords, messages).
std::string ToUpperAscii(std::string_view s);
/// ASCII lower-case copy (unquoted identifiers).
std::string ToLowerAscii(std::string_view s);
/// ASCII case-insensitive equality.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace kalam
