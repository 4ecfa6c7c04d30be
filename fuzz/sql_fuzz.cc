// The SQL front end: splitting a batch and parsing every statement must never crash, whatever
// the bytes, and errors must carry positions inside the text.
#include <cstdint>
#include <string_view>

#include "sql/parser.h"
#include "sql/splitter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parts = kalam::sql::SplitStatements(text);
  if (!parts.ok()) return 0;
  for (const auto& part : *parts) {
    auto statement = kalam::sql::ParseStatement(part.text);
    if (!statement.ok() && statement.error().position()) {
      if (*statement.error().position() < 1 || static_cast<size_t>(*statement.error().position()) > part.text.size() + 1) {
        __builtin_trap();  // a position outside the statement
      }
    }
  }
  return 0;
}
