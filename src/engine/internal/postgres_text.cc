#include "engine/internal/postgres_text.h"

#include <cctype>

#include "sql/quote.h"

namespace kalam::engine::internal {
namespace {


Status Invalid(std::string message) { return Status(ErrorCode::kInvalidParameter, std::move(message)); }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

/// Reads digits at `pos` (nullopt when there are none).
std::optional<size_t> Number(std::string_view text, size_t& pos) {
  if (pos >= text.size() || !IsDigit(text[pos])) return std::nullopt;
  size_t n = 0;
  while (pos < text.size() && IsDigit(text[pos])) {
    if (n > 100000000) return std::nullopt;
    n = n * 10 + static_cast<size_t>(text[pos++] - '0');
  }
  return n;
}

}  // namespace

Result<std::string> PostgresFormat(std::string_view format, std::span<const std::optional<std::string>> args) {
  std::string out;
  size_t next = 0;  // the argument a specifier without a position takes
  for (size_t pos = 0; pos < format.size(); ++pos) {
    if (format[pos] != '%') {
      out += format[pos];
      continue;
    }
    if (++pos >= format.size()) return Invalid("unterminated format() type specifier");
    if (format[pos] == '%') {
      out += '%';
      continue;
    }
    // [n$][-][width | * | *n$]type
    auto take = [&](std::optional<size_t> position) -> Result<const std::optional<std::string>*> {
      const size_t index = position ? *position - 1 : next;
      if (position && *position == 0) return Invalid("format specifies argument 0, but arguments are numbered from 1");
      if (index >= args.size()) return Invalid("too few arguments for format()");
      next = index + 1;
      return &args[index];
    };
    std::optional<size_t> position;
    size_t mark = pos;
    if (auto n = Number(format, mark); n && mark < format.size() && format[mark] == '$') {
      position = n;
      pos = mark + 1;
    }
    bool left = false;
    while (pos < format.size() && format[pos] == '-') {
      left = true;
      ++pos;
    }
    std::optional<int64_t> width;
    if (pos < format.size() && format[pos] == '*') {
      ++pos;
      std::optional<size_t> width_position;
      mark = pos;
      if (auto n = Number(format, mark); n && mark < format.size() && format[mark] == '$') {
        width_position = n;
        pos = mark + 1;
      }
      KALAM_ASSIGN_OR_RETURN(auto w, take(width_position));
      if (*w) {
        try {
          width = std::stoll(**w);
        } catch (const std::exception&) {
          return Invalid("invalid width for format(): \"" + **w + "\"");
        }
      }
    } else if (auto n = Number(format, pos)) {
      width = static_cast<int64_t>(*n);
    }
    if (pos >= format.size()) return Invalid("unterminated format() type specifier");
    const char type = format[pos];
    if (type != 's' && type != 'I' && type != 'L') {
      return Invalid(std::string("unrecognized format() type specifier \"") + type + "\"");
    }
    KALAM_ASSIGN_OR_RETURN(auto arg, take(position));
    std::string text;
    if (type == 's') {
      text = arg->value_or("");
    } else if (type == 'I') {
      if (!*arg) return Invalid("null values cannot be formatted as an SQL identifier");
      text = QuoteIdent(**arg);
    } else {
      text = *arg ? QuoteLiteral(**arg) : "NULL";
    }
    if (width && *width < 0) {  // a negative width from an argument left-justifies
      left = true;
      *width = -*width;
    }
    size_t chars = 0;  // the width counts characters
    for (char c : text) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    const size_t pad = width && static_cast<size_t>(*width) > chars ? static_cast<size_t>(*width) - chars : 0;
    if (pad > 10 * 1024 * 1024) return Invalid("format() width is too large");
    if (!left) out.append(pad, ' ');
    out += text;
    if (left) out.append(pad, ' ');
  }
  return out;
}

std::string QuoteIdent(const std::string& s) {
  bool plain = !s.empty() && !IsDigit(s[0]);
  for (char c : s) plain = plain && ((c >= 'a' && c <= 'z') || IsDigit(c) || c == '_');
  return plain ? s : sql::QuoteIdentifier(s);
}

std::string QuoteLiteral(const std::string& s) {
  if (s.find('\\') == std::string::npos) return sql::QuoteLiteral(s);
  std::string doubled;  // E'…': backslashes doubled too
  for (char c : s) {
    if (c == '\\') doubled += c;
    doubled += c;
  }
  return "E" + sql::QuoteLiteral(doubled);
}

std::string InitCap(std::string_view s) {
  std::string out(s);
  bool in_word = false;
  for (char& c : out) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c);
    if (alnum && !in_word && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (alnum && in_word && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    in_word = alnum || (static_cast<unsigned char>(c) & 0x80) != 0;  // UTF-8 letters stay in the word
  }
  return out;
}

std::string SimilarToRegex(std::string_view pattern) {
  std::string out;
  bool in_bracket = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (in_bracket) {
      if (c == ']' && out.back() != '[' && !(out.size() >= 2 && out.back() == '^' && out[out.size() - 2] == '[')) {
        in_bracket = false;
      }
      out.push_back(c);
      continue;
    }
    switch (c) {
      case '%':
        out += ".*";
        break;
      case '_':
        out.push_back('.');
        break;
      case '[':
        in_bracket = true;
        out.push_back(c);
        break;
      case '\\':
        if (i + 1 < pattern.size()) {
          const char next = pattern[++i];
          if (!std::isalnum(static_cast<unsigned char>(next))) out.push_back('\\');
          out.push_back(next);
        } else {
          out += "\\\\";
        }
        break;
      case '.':
      case '^':
      case '$':
        out.push_back('\\');
        out.push_back(c);
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace kalam::engine::internal
