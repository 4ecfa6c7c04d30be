#pragma once

#include <string>
#include <string_view>

namespace kalam::sql {

/// SQL text of an identifier: "a ""b""".
inline std::string QuoteIdentifier(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    out.push_back(c);
    if (c == '"') out.push_back('"');
  }
  return out + "\"";
}

/// SQL text of a string literal: 'it''s'.
inline std::string QuoteLiteral(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    out.push_back(c);
    if (c == '\'') out.push_back('\'');
  }
  return out + "'";
}

}  // namespace kalam::sql
