// The SQL front end: splitting a batch and parsing every statement must never crash, whatever
// the bytes, and errors must carry positions inside the text. The lexical rewrite the engine does
// before DuckDB parses (engine/internal/pre_parse.h) only adds characters, turns the `#` or `?` of
// an operator into `~`, and blanks characters out in place (the `.*` of `f(c.*)`; `[NOT] LIKE`
// before ANY/ALL becomes `=` and spaces): taking the added ones out again gives the statement
// back, but for those.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/internal/pre_parse.h"
#include "sql/parser.h"
#include "sql/splitter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parts = kalam::sql::SplitStatements(text);
  if (!parts.ok()) return 0;
  for (const auto& part : *parts) {
    if (auto arrows = kalam::engine::internal::RewriteBeforeParse(part.text)) {
      // Remove the added characters (ASCII, so a character position is a byte position only when
      // the text before it is ASCII too: compare by walking the characters).
      std::string back;
      size_t char_pos = 0;
      size_t k = 0;
      for (size_t i = 0; i < arrows->text.size(); ++i) {
        const auto c = static_cast<unsigned char>(arrows->text[i]);
        const bool starts_char = (c & 0xC0) != 0x80;
        if (starts_char) ++char_pos;
        if (starts_char && k < arrows->inserted.size() &&
            std::find(arrows->inserted.begin(), arrows->inserted.end(), static_cast<int>(char_pos)) !=
                arrows->inserted.end()) {
          ++k;
          continue;
        }
        back += arrows->text[i];
      }
      bool same = back.size() == part.text.size();
      for (size_t i = 0; same && i < back.size(); ++i) {
        const char was = part.text[i];
        const bool letter = (was >= 'A' && was <= 'Z') || (was >= 'a' && was <= 'z');
        same = back[i] == was || (back[i] == '~' && (was == '#' || was == '?')) ||
               (back[i] == ' ' && (was == '.' || was == '*' || letter || was == ' ' || was == '\t' || was == '\n' || was == '\r')) ||
               (back[i] == '=' && letter);
      }
      if (!same) __builtin_trap();  // the rewrite changed more than it added
    }
    auto statement = kalam::sql::ParseStatement(part.text);
    if (!statement.ok() && statement.error().position()) {
      if (*statement.error().position() < 1 || static_cast<size_t>(*statement.error().position()) > part.text.size() + 1) {
        __builtin_trap();  // a position outside the statement
      }
    }
  }
  return 0;
}
