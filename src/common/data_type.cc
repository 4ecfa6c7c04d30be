#include "common/data_type.h"

#include <array>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

namespace kalam {
namespace {

struct TypeName {
  std::string_view name;
  TypeId id;
};

// Canonical names first: ToString uses the first entry of each id.
constexpr std::array kTypeNames = {
    TypeName{"BOOLEAN", TypeId::kBoolean},   TypeName{"SMALLINT", TypeId::kSmallInt},
    TypeName{"INT", TypeId::kInt},           TypeName{"BIGINT", TypeId::kBigInt},
    TypeName{"REAL", TypeId::kReal},         TypeName{"DOUBLE", TypeId::kDouble},
    TypeName{"DECIMAL", TypeId::kDecimal},   TypeName{"TEXT", TypeId::kText},
    TypeName{"TIMESTAMP", TypeId::kTimestamp}, TypeName{"DATE", TypeId::kDate},
    TypeName{"TIME", TypeId::kTime},         TypeName{"JSON", TypeId::kJson},
    TypeName{"BYTES", TypeId::kBytes},       TypeName{"UUID", TypeId::kUuid},
    TypeName{"FILE", TypeId::kFile},
    // Accepted spellings.
    TypeName{"BOOL", TypeId::kBoolean},      TypeName{"INT2", TypeId::kSmallInt},
    TypeName{"INTEGER", TypeId::kInt},       TypeName{"INT4", TypeId::kInt},
    TypeName{"INT8", TypeId::kBigInt},       TypeName{"FLOAT4", TypeId::kReal},
    TypeName{"FLOAT", TypeId::kDouble},      TypeName{"FLOAT8", TypeId::kDouble},
    TypeName{"DOUBLE PRECISION", TypeId::kDouble}, TypeName{"NUMERIC", TypeId::kDecimal},
    TypeName{"VARCHAR", TypeId::kText},      TypeName{"CHARACTER VARYING", TypeId::kText},
    TypeName{"STRING", TypeId::kText},       TypeName{"BYTEA", TypeId::kBytes},
    TypeName{"BLOB", TypeId::kBytes},        TypeName{"TIMESTAMPTZ", TypeId::kTimestamp},
    TypeName{"JSONB", TypeId::kJson},
};

std::string Upper(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

Result<int> ParseSmallInt(std::string_view s, std::string_view full) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0 || v > 1000000) {
    return Status(ErrorCode::kInvalidParameter, fmt::format("invalid type modifier in \"{}\"", full));
  }
  return v;
}

}  // namespace

std::string DataType::ToString() const {
  if (id == TypeId::kOther) return other_name;
  if (id == TypeId::kDecimal) return fmt::format("DECIMAL({},{})", precision, scale);
  for (const auto& t : kTypeNames) {
    if (t.id == id) return std::string(t.name);
  }
  return "?";
}

Result<DataType> DataType::Parse(std::string_view text) {
  std::string upper = Upper(text);
  std::string base = upper;
  std::string args;
  if (auto open = upper.find('('); open != std::string::npos) {
    if (upper.back() != ')') {
      return Status(ErrorCode::kInvalidParameter, fmt::format("type \"{}\" does not exist", text));
    }
    base = Upper(upper.substr(0, open));
    args = upper.substr(open + 1, upper.size() - open - 2);
  }
  for (const auto& t : kTypeNames) {
    if (t.name != base) continue;
    if (t.id == TypeId::kDecimal) {
      int precision = 18;
      int scale = 3;
      if (!args.empty()) {
        auto comma = args.find(',');
        KALAM_ASSIGN_OR_RETURN(precision, ParseSmallInt(Upper(args.substr(0, comma)), text));
        scale = 0;
        if (comma != std::string::npos) {
          KALAM_ASSIGN_OR_RETURN(scale, ParseSmallInt(Upper(args.substr(comma + 1)), text));
        }
      }
      if (precision < 1 || precision > 38 || scale > precision) {
        return Status(ErrorCode::kInvalidParameter,
                      fmt::format("NUMERIC precision {} and scale {} are invalid: precision must "
                                  "be between 1 and 38 and scale at most the precision",
                                  precision, scale));
      }
      return Decimal(static_cast<uint8_t>(precision), static_cast<uint8_t>(scale));
    }
    if (!args.empty() && (t.id == TypeId::kTimestamp || t.id == TypeId::kTime)) {
      // Fractional-second precision: accepted (PostgreSQL reduces more than 6 to 6); values keep
      // microseconds.
      KALAM_RETURN_IF_ERROR(ParseSmallInt(Upper(args), text));
      return Of(t.id);
    }
    if (!args.empty()) {
      if (t.id != TypeId::kText) {
        return Status(ErrorCode::kInvalidParameter,
                      fmt::format("type modifier is not allowed for type \"{}\"", base));
      }
      KALAM_RETURN_IF_ERROR(ParseSmallInt(Upper(args), text));
    }
    return Of(t.id);
  }
  return Status(ErrorCode::kInvalidParameter, fmt::format("type \"{}\" does not exist", text));
}

}  // namespace kalam
