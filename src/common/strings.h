#pragma once

#include <string>
#include <string_view>

namespace kalam {

/// ASCII upper-case copy (SQL keywords, messages).
std::string ToUpperAscii(std::string_view s);
/// ASCII lower-case copy (unquoted identifiers).
std::string ToLowerAscii(std::string_view s);
/// 1-based character (not byte) position of `byte_offset` in UTF-8 `text`, as PostgreSQL reports
/// error positions.
int CharPosition(std::string_view text, size_t byte_offset);
/// ASCII case-insensitive equality.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace kalam
