#include "sql/token_stream.h"

#include <fmt/format.h>

#include "sql/lexer.h"

namespace kalam::sql {

const Token& TokenStream::Peek(size_t ahead) const {
  size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
  return tokens_[i];
}

const Token& TokenStream::Next() {
  const Token& t = Peek();
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return t;
}

bool TokenStream::Accept(std::string_view upper_keyword) {
  if (!Peek().IsKeyword(upper_keyword)) return false;
  Next();
  return true;
}

bool TokenStream::AcceptOperator(std::string_view op) {
  if (Peek().type != TokenType::kOperator || Peek().text != op) return false;
  Next();
  return true;
}

bool TokenStream::AcceptAll(std::initializer_list<std::string_view> upper_keywords) {
  size_t i = 0;
  for (auto kw : upper_keywords) {
    if (!Peek(i++).IsKeyword(kw)) return false;
  }
  pos_ += upper_keywords.size();
  return true;
}

Status TokenStream::Expect(std::string_view upper_keyword) {
  if (Accept(upper_keyword)) return Status::OK();
  return SyntaxError();
}

Result<std::string> TokenStream::ExpectIdentifier() {
  if (Peek().type != TokenType::kIdentifier) return SyntaxError();
  return Next().text;
}

Status TokenStream::ParenthesizedList(const std::function<Status()>& item) {
  if (!Peek().IsPunct('(')) return SyntaxError();
  Next();
  while (true) {
    KALAM_RETURN_IF_ERROR(item());
    if (Peek().IsPunct(',')) {
      Next();
      continue;
    }
    if (!Peek().IsPunct(')')) return SyntaxError();
    Next();
    return Status::OK();
  }
}

Status TokenStream::ExpectEnd() {
  if (AtEnd()) return Status::OK();
  return SyntaxError();
}

Status TokenStream::SyntaxError() const {
  const Token& t = Peek();
  if (t.type == TokenType::kEnd) {
    return Status(ErrorCode::kSyntaxError, "syntax error at end of input", CharPosition(text_, t.offset));
  }
  return ErrorAt(t, ErrorCode::kSyntaxError, fmt::format("syntax error at or near \"{}\"", t.raw));
}

int TokenStream::PositionOf(const Token& token) const { return CharPosition(text_, token.offset); }

Status TokenStream::ErrorAt(const Token& token, ErrorCode code, std::string message) const {
  return Status(code, std::move(message), PositionOf(token));
}

}  // namespace kalam::sql
