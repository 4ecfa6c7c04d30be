#include "sql/filter_sql.h"

#include "sql/quote.h"

#include <fmt/format.h>

namespace kalam::sql {
namespace {

std::string LiteralSql(const Value& v) {
  if (IsNull(v)) return "NULL";
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "TRUE" : "FALSE";
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  return QuoteLiteral(std::get<std::string>(v));
}

std::string_view OpSql(CompareOp op) {
  switch (op) {
    case CompareOp::kEq: return "=";
    case CompareOp::kNe: return "<>";
    case CompareOp::kLt: return "<";
    case CompareOp::kLe: return "<=";
    case CompareOp::kGt: return ">";
    case CompareOp::kGe: return ">=";
  }
  return "=";
}

std::string Join(const std::vector<FilterExpr>& children, size_t from, std::string_view sep) {
  std::string out;
  for (size_t i = from; i < children.size(); ++i) {
    if (i > from) out += sep;
    out += FilterToSql(children[i]);
  }
  return out;
}

}  // namespace

std::string FilterToSql(const FilterExpr& e) {
  using Kind = FilterExpr::Kind;
  switch (e.kind) {
    case Kind::kColumn:
      return QuoteIdentifier(e.column);
    case Kind::kLiteral:
      return LiteralSql(e.literal);
    case Kind::kCompare:
      return fmt::format("({} {} {})", FilterToSql(e.children[0]), OpSql(e.op), FilterToSql(e.children[1]));
    case Kind::kAnd:
      return "(" + Join(e.children, 0, " AND ") + ")";
    case Kind::kOr:
      return "(" + Join(e.children, 0, " OR ") + ")";
    case Kind::kNot:
      return "(NOT " + FilterToSql(e.children[0]) + ")";
    case Kind::kIn:
      return fmt::format("({} {}IN ({}))", FilterToSql(e.children[0]), e.negated ? "NOT " : "",
                         Join(e.children, 1, ", "));
    case Kind::kLike:
      return fmt::format("({} {}{} {})", FilterToSql(e.children[0]), e.negated ? "NOT " : "",
                         e.case_insensitive ? "ILIKE" : "LIKE", FilterToSql(e.children[1]));
    case Kind::kIsNull:
      return fmt::format("({} IS {}NULL)", FilterToSql(e.children[0]), e.negated ? "NOT " : "");
    case Kind::kJsonContains:
      return fmt::format("({} @> {})", QuoteIdentifier(e.column), LiteralSql(e.literal));
    case Kind::kJsonHasKey:
      return fmt::format("({} ? {})", QuoteIdentifier(e.column), LiteralSql(e.literal));
    case Kind::kJsonText: {
      std::string out = "(" + QuoteIdentifier(e.column);
      for (size_t i = 0; i < e.path.size(); ++i) {
        out += (i + 1 < e.path.size() ? "->" : "->> ") + LiteralSql(e.path[i]);  // `->>-1` would be one operator
      }
      return out + ")";
    }
  }
  return "TRUE";
}

}  // namespace kalam::sql
