#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "duckdb.hpp"

namespace kalam::engine::internal {

/// A SQL text cut before its last token when that token is a key literal after `=`: `… = 42` or
/// `… = 'text'`, then only whitespace and at most one `;`. The prefix holds nothing that could change
/// how the rest lexes (no quote, comment, `$` or backslash; double quotes paired), so every literal
/// of the same kind after it gives the same parse with another constant. Lets a point lookup written
/// with a literal key reuse the parse of one seen before, as a `$1` parameter does.
struct KeyLiteral {
  enum class Kind : uint8_t { kInteger, kString };
  std::string_view prefix;  // everything before the literal
  Kind kind = Kind::kInteger;
  std::string_view text;    // the digits, or the string's content (no quote inside)

  /// Names the texts that share a parse: the prefix and the literal's kind.
  std::string TemplateKey() const;
  /// The literal as a value (BIGINT or VARCHAR); nullopt for digits beyond int64.
  std::optional<duckdb::Value> ToValue() const;
  /// Whether `constant` (from DuckDB's parse of the whole text) is this literal.
  bool Is(const duckdb::Value& constant) const;
};

/// The trailing key literal of `sql`, if it has one under the rules above.
std::optional<KeyLiteral> SplitKeyLiteral(std::string_view sql);

}  // namespace kalam::engine::internal
