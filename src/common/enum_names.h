#pragma once

#include <array>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "common/status.h"

namespace kalam {

/// Each persisted enum specialises EnumNames with `kWhat` (for errors) and `kNames`, the single
/// name table from which ToString and ParseEnum are derived.
template <class E>
struct EnumNames;

/// The canonical lower-case name of `e`.
template <class E>
std::string_view ToString(E e) {
  for (const auto& [value, name] : EnumNames<E>::kNames) {
    if (value == e) return name;
  }
  return "?";
}

/// Parses a name case-insensitively; INVALID_PARAMETER listing the accepted names otherwise.
template <class E>
Result<E> ParseEnum(std::string_view s) {
  for (const auto& [value, name] : EnumNames<E>::kNames) {
    if (name.size() != s.size()) continue;
    bool same = true;
    for (size_t i = 0; i < s.size() && same; ++i) {
      char c = s[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == name[i];
    }
    if (same) return value;
  }
  std::string accepted;
  for (const auto& entry : EnumNames<E>::kNames) {
    if (!accepted.empty()) accepted += ", ";
    accepted += entry.second;
  }
  return Status(ErrorCode::kInvalidParameter,
                fmt::format("invalid {} \"{}\" (expected one of: {})", EnumNames<E>::kWhat, s,
                            accepted));
}

}  // namespace kalam
