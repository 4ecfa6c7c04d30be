#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "sql/token.h"

namespace kalam::sql {

/// A cursor over the tokens of one statement for the recursive-descent parsers. Errors carry
/// PostgreSQL's wording and the 1-based character position in the statement.
class TokenStream {
 public:
  TokenStream(std::string_view text, std::vector<Token> tokens)
      : text_(text), tokens_(std::move(tokens)) {}

  const Token& Peek(size_t ahead = 0) const;
  const Token& Next();
  bool AtEnd() const { return Peek().type == TokenType::kEnd; }

  /// Consumes the keyword when it is next.
  bool Accept(std::string_view upper_keyword);
  /// Consumes the keyword sequence (e.g. "IF", "NOT", "EXISTS") when all of it is next.
  bool AcceptAll(std::initializer_list<std::string_view> upper_keywords);
  /// Consumes the operator (`=`, `->>`, …) when it is next.
  bool AcceptOperator(std::string_view op);
  /// Consumes the keyword or fails with a syntax error at the current token.
  Status Expect(std::string_view upper_keyword);
  /// An identifier (unquoted ones are lower-cased by the lexer).
  Result<std::string> ExpectIdentifier();
  /// The statement text between two byte offsets (for expressions handed to the engine).
  std::string_view Slice(size_t begin, size_t end) const { return text_.substr(begin, end - begin); }
  /// Byte offset just past `token`.
  static size_t EndOf(const Token& token) { return token.offset + token.raw.size(); }
  /// `( item [, item]... )`: calls `item` for each element; syntax error on anything else.
  Status ParenthesizedList(const std::function<Status()>& item);
  /// Fails unless every token was consumed.
  Status ExpectEnd();

  /// `syntax error at or near "X"` (or `at end of input`) at the current token.
  Status SyntaxError() const;
  /// The 1-based character position of `token` in the statement (CONTRACT §2 `position`).
  int PositionOf(const Token& token) const;
  /// An error of `code` positioned at `token`.
  Status ErrorAt(const Token& token, ErrorCode code, std::string message) const;

 private:
  std::string_view text_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

}  // namespace kalam::sql
