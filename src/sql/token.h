#pragma once

#include <cstdint>
#include <string>

namespace kalam::sql {

enum class TokenType : uint8_t {
  kIdentifier,       // unquoted word (text lower-cased) or "quoted" (text as written)
  kString,           // 'literal' (text unescaped), E'…', $tag$…$tag$
  kNumber,           // 42, 3.14, 1e9
  kParameter,        // $1 (text "1")
  kOperator,         // = <> != < <= > >= + - * / % || :: ->  ->> etc.
  kPunct,            // ( ) , . ; [ ]
  kEnd,
};

/// One token of SQL text. `offset` is the byte offset of its first character in the text that was
/// lexed; `raw` is the text as written (for error messages: syntax error at or near "raw").
struct Token {
  TokenType type = TokenType::kEnd;
  std::string text;
  std::string raw;
  size_t offset = 0;
  bool quoted = false;  // identifier written in double quotes

  /// True for an unquoted identifier equal (case-insensitively) to `upper_keyword`.
  bool IsKeyword(std::string_view upper_keyword) const;
  bool IsPunct(char c) const { return type == TokenType::kPunct && text.size() == 1 && text[0] == c; }
};

}  // namespace kalam::sql
