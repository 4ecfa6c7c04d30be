#pragma once

#include <string>
#include <string_view>

namespace kalam::engine::internal {

/// A SQL string literal: 'it''s'.
inline std::string QuoteLiteral(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    out.push_back(c);
    if (c == '\'') out.push_back('\'');
  }
  return out + "'";
}

/// A SQL identifier: "a ""b""".
inline std::string QuoteIdentifier(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    out.push_back(c);
    if (c == '"') out.push_back('"');
  }
  return out + "\"";
}

}  // namespace kalam::engine::internal
