#include "link/core/value_kind.h"

namespace kalam::link {

ValueKind ValueKindOf(std::string_view data_type) {
  // Modifiers such as DECIMAL(10,2) or VARCHAR(20) do not change the kind.
  const std::string_view base = data_type.substr(0, data_type.find('('));
  struct Name {
    std::string_view name;
    ValueKind kind;
  };
  static constexpr Name kNames[] = {
      {"SMALLINT", ValueKind::kInteger}, {"INT", ValueKind::kInteger},      {"BIGINT", ValueKind::kBigInt},
      {"REAL", ValueKind::kFloat},       {"DOUBLE", ValueKind::kFloat},     {"FLOAT", ValueKind::kFloat},
      {"DECIMAL", ValueKind::kDecimal},  {"BOOLEAN", ValueKind::kBoolean},  {"TEXT", ValueKind::kText},
      {"TIMESTAMP", ValueKind::kTimestamp}, {"DATE", ValueKind::kDate},     {"TIME", ValueKind::kTime},
      {"UUID", ValueKind::kUuid},        {"JSON", ValueKind::kJson},        {"BYTES", ValueKind::kBytes},
      {"FILE", ValueKind::kFile},
  };
  for (const auto& n : kNames) {
    if (n.name == base) return n.kind;
  }
  return ValueKind::kUnknown;
}

bool IsNumeric(ValueKind kind) {
  return kind == ValueKind::kInteger || kind == ValueKind::kBigInt || kind == ValueKind::kFloat ||
         kind == ValueKind::kDecimal;
}

char ValueKindCode(ValueKind kind) {
  switch (kind) {
    case ValueKind::kInteger: return 'i';
    case ValueKind::kBigInt: return 'b';
    case ValueKind::kFloat: return 'f';
    case ValueKind::kDecimal: return 'd';
    case ValueKind::kBoolean: return 'o';
    case ValueKind::kText: return 's';
    case ValueKind::kTimestamp: return 't';
    case ValueKind::kDate: return 'D';
    case ValueKind::kTime: return 'T';
    case ValueKind::kUuid: return 'u';
    case ValueKind::kJson: return 'j';
    case ValueKind::kBytes: return 'x';
    case ValueKind::kFile: return 'F';
    case ValueKind::kUnknown: return '?';
  }
  return '?';
}

}  // namespace kalam::link
