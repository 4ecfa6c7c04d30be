#include "engine/internal/point_template.h"

#include <charconv>

namespace kalam::engine::internal {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

/// True when nothing in `prefix` can open a string, comment or quoted identifier that the literal
/// after it would fall into, and it ends with `=` (spaces allowed between).
bool SafePrefix(std::string_view prefix) {
  size_t double_quotes = 0;
  for (size_t i = 0; i < prefix.size(); ++i) {
    const char c = prefix[i];
    if (c == '\'' || c == '$' || c == '\\' || c == ';') return false;
    if (c == '"') ++double_quotes;
    if (i + 1 < prefix.size() && ((c == '-' && prefix[i + 1] == '-') || (c == '/' && prefix[i + 1] == '*'))) {
      return false;
    }
  }
  if (double_quotes % 2 != 0) return false;
  size_t end = prefix.size();
  while (end > 0 && IsSpace(prefix[end - 1])) --end;
  return end > 0 && prefix[end - 1] == '=';
}

}  // namespace

std::string KeyLiteral::TemplateKey() const {
  std::string key(prefix);
  key.push_back('\0');
  key.push_back(kind == Kind::kInteger ? 'i' : 's');
  return key;
}

std::optional<duckdb::Value> KeyLiteral::ToValue() const {
  if (kind == Kind::kString) return duckdb::Value(std::string(text));
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return duckdb::Value::BIGINT(v);
}

bool KeyLiteral::Is(const duckdb::Value& constant) const {
  if (constant.IsNull()) return false;
  auto value = ToValue();
  if (!value) return false;
  switch (constant.type().id()) {
    case duckdb::LogicalTypeId::TINYINT:
    case duckdb::LogicalTypeId::SMALLINT:
    case duckdb::LogicalTypeId::INTEGER:
    case duckdb::LogicalTypeId::BIGINT:
      return kind == Kind::kInteger && constant.GetValue<int64_t>() == value->GetValue<int64_t>();
    case duckdb::LogicalTypeId::VARCHAR:
      return kind == Kind::kString && duckdb::StringValue::Get(constant) == text;
    default:
      return false;
  }
}

std::optional<KeyLiteral> SplitKeyLiteral(std::string_view sql) {
  size_t end = sql.size();
  while (end > 0 && IsSpace(sql[end - 1])) --end;
  if (end > 0 && sql[end - 1] == ';') --end;
  while (end > 0 && IsSpace(sql[end - 1])) --end;
  if (end == 0) return std::nullopt;
  KeyLiteral literal;
  size_t start = end;
  if (IsDigit(sql[end - 1])) {
    while (start > 0 && IsDigit(sql[start - 1])) --start;
    literal.kind = KeyLiteral::Kind::kInteger;
    literal.text = sql.substr(start, end - start);
  } else if (sql[end - 1] == '\'') {
    const size_t open = end >= 2 ? sql.rfind('\'', end - 2) : std::string_view::npos;
    if (open == std::string_view::npos) return std::nullopt;
    literal.kind = KeyLiteral::Kind::kString;
    literal.text = sql.substr(open + 1, end - open - 2);
    if (literal.text.find('\\') != std::string_view::npos) return std::nullopt;
    start = open;
  } else {
    return std::nullopt;
  }
  // The literal is a token of its own: after `=` or whitespace (not `-5`, `1.5`, `x1`, `E'…'`).
  if (start == 0 || !(IsSpace(sql[start - 1]) || sql[start - 1] == '=')) return std::nullopt;
  literal.prefix = sql.substr(0, start);
  if (!SafePrefix(literal.prefix)) return std::nullopt;
  return literal;
}

}  // namespace kalam::engine::internal
