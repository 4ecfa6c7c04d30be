#include "engine/internal/postgres_to_char.h"

#include <cctype>
#include <utility>

#include <fmt/format.h>

#include "common/strings.h"

namespace kalam::engine::internal {
namespace {

struct Element {
  std::string_view pattern;
  std::string_view format;         // strftime
  std::string_view unpadded = {};  // strftime after FM ("" when FM changes nothing)
  bool any_case = true;
};

// Longest first where one is a prefix of another (HH24 before HH, DDD before DD, Month before Mon).
constexpr Element kElements[] = {
    {"HH24", "%H", "%-H"},
    {"HH12", "%I", "%-I"},
    {"HH", "%I", "%-I"},
    {"MI", "%M", "%-M"},
    {"SS", "%S", "%-S"},
    {"MS", "%g"},
    {"US", "%f"},
    {"IYYY", "%G"},
    {"YYYY", "%Y"},
    {"YY", "%y"},
    {"MM", "%m", "%-m"},
    {"DDD", "%j", "%-j"},
    {"DD", "%d", "%-d"},
    {"IW", "%V"},
    {"AM", "%p", {}, false},
    {"PM", "%p", {}, false},
    {"Month", {}, "%B", false},
    {"Mon", "%b", {}, false},
    {"Day", {}, "%A", false},
    {"Dy", "%a", {}, false},
    {"TZ", "UTC", {}, false},
    {"OF", "+00", {}, false},
};

bool StartsWith(std::string_view text, const Element& e) {
  if (text.size() < e.pattern.size()) return false;
  const std::string_view head = text.substr(0, e.pattern.size());
  return e.any_case ? EqualsIgnoreCase(head, e.pattern) : head == e.pattern;
}

void AppendLiteral(std::string& out, char c) {
  if (c == '%') out += '%';
  out += c;
}

}  // namespace

Result<std::string> StrftimeFormat(std::string_view pattern) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    const char c = pattern[i];
    if (c == '"') {  // "text" is copied as written
      const size_t end = pattern.find('"', i + 1);
      if (end == std::string_view::npos)
        return Status(ErrorCode::kInvalidParameter, "to_char: unterminated quoted text");
      for (char q : pattern.substr(i + 1, end - i - 1)) AppendLiteral(out, q);
      i = end + 1;
      continue;
    }
    if (c == '9' || c == '0') {  // a number's pattern (`999.99`): to_char sends those elsewhere
      return Status(ErrorCode::kInvalidParameter,
                    fmt::format("the number pattern element \"{}\" cannot parse a date or time", c));
    }
    if (!std::isalpha(static_cast<unsigned char>(c))) {
      AppendLiteral(out, c);
      ++i;
      continue;
    }
    const bool fill_mode = pattern.substr(i, 2) == "FM" || pattern.substr(i, 2) == "fm";
    const std::string_view rest = pattern.substr(fill_mode ? i + 2 : i);
    const Element* match = nullptr;
    for (const Element& e : kElements) {
      if (StartsWith(rest, e)) {
        match = &e;
        break;
      }
    }
    const std::string_view format = match == nullptr                        ? std::string_view()
                                    : fill_mode && !match->unpadded.empty() ? match->unpadded
                                                                            : match->format;
    if (format.empty()) {
      size_t n = 0;
      while (n < rest.size() && std::isalnum(static_cast<unsigned char>(rest[n]))) ++n;
      return Status(ErrorCode::kInvalidParameter, fmt::format("to_char: the pattern element \"{}{}\" is not supported",
                                                              fill_mode ? "FM" : "", rest.substr(0, n)));
    }
    out += format;
    i = pattern.size() - rest.size() + match->pattern.size();
  }
  return out;
}

}  // namespace kalam::engine::internal
