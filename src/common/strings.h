#pragma once

#include <functional>
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
/// `s` without leading and trailing blanks (space, tab, CR, LF).
std::string_view TrimBlanks(std::string_view s);

/// Hashes std::string and std::string_view alike, so a map keyed by std::string is searched with a
/// view and no copy (`std::unordered_map<std::string, V, StringHash, std::equal_to<>>`).
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

}  // namespace kalam
