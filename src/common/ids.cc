#include "common/ids.h"

#include <array>

#include <fmt/format.h>

namespace kalam {
namespace {

bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }

Status InvalidName(std::string_view what, std::string_view s) {
  return Status(ErrorCode::kInvalidParameter,
                fmt::format("invalid {} name \"{}\": names match ^[A-Za-z_][A-Za-z0-9_]*$ and "
                            "are at most 63 characters",
                            what, s));
}

}  // namespace

bool IsValidIdentifier(std::string_view s) {
  if (s.empty() || s.size() > 63 || !IsIdentStart(s[0])) return false;
  for (char c : s) {
    if (!IsIdentChar(c)) return false;
  }
  return true;
}

Result<NamespaceId> NamespaceId::Parse(std::string_view s) {
  if (!IsValidIdentifier(s)) return InvalidName("namespace", s);
  return NamespaceId(std::string(s));
}

bool NamespaceId::IsReserved() const {
  static constexpr std::array<std::string_view, 4> kReserved = {"system", "information_schema",
                                                                "pg_catalog", "kalam"};
  for (auto r : kReserved) {
    if (value() == r) return true;
  }
  return false;
}

Result<TableName> TableName::Parse(std::string_view s) {
  if (!IsValidIdentifier(s)) return InvalidName("table", s);
  return TableName(std::string(s));
}

Result<StorageId> StorageId::Parse(std::string_view s) {
  if (!IsValidIdentifier(s)) return InvalidName("storage", s);
  return StorageId(std::string(s));
}

}  // namespace kalam
