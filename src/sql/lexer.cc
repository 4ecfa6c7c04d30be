#include "sql/lexer.h"

#include <cctype>

#include <fmt/format.h>

namespace kalam::sql {
namespace {

bool IsIdentStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool IsIdentChar(unsigned char c) { return IsIdentStart(c) || std::isdigit(c) || c == '$'; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<Token>> Run() {
    std::vector<Token> tokens;
    while (true) {
      KALAM_RETURN_IF_ERROR(SkipSpaceAndComments());
      if (pos_ >= text_.size()) break;
      KALAM_ASSIGN_OR_RETURN(Token t, Next());
      tokens.push_back(std::move(t));
    }
    Token end;
    end.type = TokenType::kEnd;
    end.offset = text_.size();
    tokens.push_back(std::move(end));
    return tokens;
  }

 private:
  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }

  Status Unterminated(std::string_view what, size_t start) const {
    return Status(ErrorCode::kSyntaxError, fmt::format("unterminated {}", what),
                  CharPosition(text_, start));
  }

  Status SkipSpaceAndComments() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++pos_;
      } else if (c == '-' && Peek(1) == '-') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else if (c == '/' && Peek(1) == '*') {
        size_t start = pos_;
        int depth = 0;
        do {
          if (pos_ + 1 >= text_.size()) return Unterminated("/* comment", start);
          if (text_[pos_] == '/' && text_[pos_ + 1] == '*') {
            ++depth;
            pos_ += 2;
          } else if (text_[pos_] == '*' && text_[pos_ + 1] == '/') {
            --depth;
            pos_ += 2;
          } else {
            ++pos_;
          }
        } while (depth > 0);
      } else {
        break;
      }
    }
    return Status::OK();
  }

  Token Make(TokenType type, size_t start, std::string text) const {
    Token t;
    t.type = type;
    t.offset = start;
    t.raw = std::string(text_.substr(start, pos_ - start));
    t.text = std::move(text);
    return t;
  }

  Result<Token> QuotedString(size_t start, bool escapes) {
    std::string value;
    ++pos_;  // opening quote
    while (true) {
      if (pos_ >= text_.size()) return Unterminated("quoted string", start);
      char c = text_[pos_];
      if (c == '\'') {
        if (Peek(1) == '\'') {
          value.push_back('\'');
          pos_ += 2;
          continue;
        }
        ++pos_;
        break;
      }
      if (escapes && c == '\\' && pos_ + 1 < text_.size()) {
        char e = text_[pos_ + 1];
        value.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e);
        pos_ += 2;
        continue;
      }
      value.push_back(c);
      ++pos_;
    }
    return Make(TokenType::kString, start, std::move(value));
  }

  Result<Token> DollarString(size_t start) {
    size_t tag_end = pos_ + 1;
    while (tag_end < text_.size() && text_[tag_end] != '$') {
      if (!IsIdentChar(static_cast<unsigned char>(text_[tag_end]))) return Op(start);
      ++tag_end;
    }
    if (tag_end >= text_.size()) return Op(start);
    std::string_view tag = text_.substr(pos_, tag_end - pos_ + 1);
    size_t close = text_.find(tag, tag_end + 1);
    if (close == std::string_view::npos) return Unterminated("dollar-quoted string", start);
    std::string value(text_.substr(tag_end + 1, close - tag_end - 1));
    pos_ = close + tag.size();
    return Make(TokenType::kString, start, std::move(value));
  }

  Result<Token> Op(size_t start) {
    static constexpr std::string_view kLong[] = {"->>", "<>", "!=", "<=", ">=", "||", "::",
                                                 "->", "#>>", "#>", "#-", "?|", "?&", "@>", "<@", "~~", "!~"};
    for (auto op : kLong) {
      if (text_.substr(pos_, op.size()) == op) {
        pos_ += op.size();
        return Make(TokenType::kOperator, start, std::string(op));
      }
    }
    char c = text_[pos_++];
    std::string_view punct = "(),.;[]";
    TokenType type = punct.find(c) != std::string_view::npos ? TokenType::kPunct : TokenType::kOperator;
    return Make(type, start, std::string(1, c));
  }

  Result<Token> Next() {
    size_t start = pos_;
    auto c = static_cast<unsigned char>(text_[pos_]);
    if (c == '\'') return QuotedString(start, false);
    if ((c == 'E' || c == 'e') && Peek(1) == '\'') {
      ++pos_;
      return QuotedString(start, true);
    }
    if (c == '"') {
      std::string value;
      ++pos_;
      while (true) {
        if (pos_ >= text_.size()) return Unterminated("quoted identifier", start);
        if (text_[pos_] == '"') {
          if (Peek(1) == '"') {
            value.push_back('"');
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        value.push_back(text_[pos_++]);
      }
      Token t = Make(TokenType::kIdentifier, start, std::move(value));
      t.quoted = true;
      return t;
    }
    if (IsIdentStart(c)) {
      while (pos_ < text_.size() && IsIdentChar(static_cast<unsigned char>(text_[pos_]))) ++pos_;
      return Make(TokenType::kIdentifier, start, Lower(text_.substr(start, pos_ - start)));
    }
    if (std::isdigit(c) || (c == '.' && std::isdigit(static_cast<unsigned char>(Peek(1))))) {
      while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) ||
                                     text_[pos_] == '.' || text_[pos_] == '_')) {
        ++pos_;
      }
      if ((Peek() == 'e' || Peek() == 'E') &&
          (std::isdigit(static_cast<unsigned char>(Peek(1))) ||
           ((Peek(1) == '+' || Peek(1) == '-') && std::isdigit(static_cast<unsigned char>(Peek(2)))))) {
        pos_ += 2;
        while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
      }
      return Make(TokenType::kNumber, start, std::string(text_.substr(start, pos_ - start)));
    }
    if (c == '$') {
      if (std::isdigit(static_cast<unsigned char>(Peek(1)))) {
        ++pos_;
        while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
        return Make(TokenType::kParameter, start, std::string(text_.substr(start + 1, pos_ - start - 1)));
      }
      return DollarString(start);
    }
    return Op(start);
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

bool Token::IsKeyword(std::string_view upper_keyword) const {
  if (type != TokenType::kIdentifier || quoted || text.size() != upper_keyword.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) != upper_keyword[i]) return false;
  }
  return true;
}

Result<std::vector<Token>> Lex(std::string_view text) { return Lexer(text).Run(); }

}  // namespace kalam::sql
