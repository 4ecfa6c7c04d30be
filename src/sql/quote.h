#pragma once

#include <string>
#include <string_view>

namespace kalam::sql {

/// `s` between `quote` characters, each `quote` inside doubled.
inline std::string Quote(std::string_view s, char quote) {
  std::string out(1, quote);
  for (char c : s) {
    out.push_back(c);
    if (c == quote) out.push_back(quote);
  }
  out.push_back(quote);
  return out;
}

/// SQL text of an identifier: "a ""b""".
inline std::string QuoteIdentifier(std::string_view s) { return Quote(s, '"'); }

/// SQL text of a string literal: 'it''s'.
inline std::string QuoteLiteral(std::string_view s) { return Quote(s, '\''); }

}  // namespace kalam::sql
