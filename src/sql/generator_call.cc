#include <array>
#include <string_view>

#include "sql/internal/parsers.h"

namespace kalam::sql::internal {
namespace {

enum class Parens { kRequired, kOptional, kNone };

struct Generator {
  std::string_view name;
  DefaultKind kind;
  Parens parens;
};

// KalamDB's generators and PostgreSQL's spellings of the same values.
constexpr std::array<Generator, 14> kGenerators = {{
    {"NOW", DefaultKind::kNow, Parens::kRequired},
    {"CURRENT_TIMESTAMP", DefaultKind::kNow, Parens::kOptional},
    {"LOCALTIMESTAMP", DefaultKind::kNow, Parens::kNone},
    {"TRANSACTION_TIMESTAMP", DefaultKind::kNow, Parens::kRequired},
    {"STATEMENT_TIMESTAMP", DefaultKind::kNow, Parens::kRequired},
    {"CLOCK_TIMESTAMP", DefaultKind::kNow, Parens::kRequired},
    {"CURRENT_DATE", DefaultKind::kCurrentDate, Parens::kNone},
    {"SNOWFLAKE_ID", DefaultKind::kSnowflakeId, Parens::kRequired},
    {"UUID_V7", DefaultKind::kUuidV7, Parens::kRequired},
    {"GEN_RANDOM_UUID", DefaultKind::kUuidV4, Parens::kRequired},
    {"UUID_GENERATE_V4", DefaultKind::kUuidV4, Parens::kRequired},
    {"CURRENT_USER", DefaultKind::kCurrentUser, Parens::kOptional},
    {"SESSION_USER", DefaultKind::kCurrentUser, Parens::kNone},
    {"USER", DefaultKind::kCurrentUser, Parens::kNone},
}};

}  // namespace

std::optional<GeneratorCall> PeekGeneratorCall(const TokenStream& ts) {
  for (const auto& g : kGenerators) {
    if (!ts.Peek().IsKeyword(g.name)) continue;
    const bool called = ts.Peek(1).IsPunct('(') && ts.Peek(2).IsPunct(')');
    if (called && g.parens != Parens::kNone) return GeneratorCall{g.kind, 3};
    if (!called && g.parens != Parens::kRequired) return GeneratorCall{g.kind, 1};
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace kalam::sql::internal
