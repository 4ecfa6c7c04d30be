#include "live/filter.h"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "common/jsonb.h"
#include "common/value_coerce.h"

namespace kalam::live {

using Kind = sql::FilterExpr::Kind;
using Tri = std::optional<bool>;  // nullopt = UNKNOWN

struct CompiledFilter::Node {
  Kind kind = Kind::kLiteral;
  sql::CompareOp op = sql::CompareOp::kEq;
  bool negated = false;
  bool case_insensitive = false;
  int column = -1;  // kColumn, kJsonText: position in the row
  DataType type;    // kColumn: the column's type; kLiteral: the type it was converted to; kJsonText: TEXT
  Value literal;
  std::vector<Value> path;  // kJsonText
  jsonb::Json wanted;       // kJsonContains: the contained document, parsed once
  std::vector<Node> children;
};

namespace {

using Node = CompiledFilter::Node;

bool IsDecimal(const DataType& t) { return t.id == TypeId::kDecimal; }

/// Orders two non-NULL cells of comparable kinds; nullopt when they cannot be compared.
std::optional<int> Compare(const Value& a, const DataType& ta, const Value& b, const DataType& tb) {
  auto as_double = [](const Value& v, const DataType& t) -> std::optional<double> {
    if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* s = std::get_if<std::string>(&v); s != nullptr && IsDecimal(t)) return std::strtod(s->c_str(), nullptr);
    return std::nullopt;
  };
  if (a.index() == b.index() && !(IsDecimal(ta) || IsDecimal(tb))) {
    if (const auto* x = std::get_if<int64_t>(&a)) {
      const int64_t y = std::get<int64_t>(b);
      return *x < y ? -1 : *x > y ? 1 : 0;
    }
    if (const auto* x = std::get_if<std::string>(&a)) {
      const int c = x->compare(std::get<std::string>(b));
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    if (const auto* x = std::get_if<bool>(&a)) {
      const bool y = std::get<bool>(b);
      return static_cast<int>(*x) - static_cast<int>(y);
    }
  }
  auto x = as_double(a, ta);
  auto y = as_double(b, tb);
  if (!x || !y) return std::nullopt;
  return *x < *y ? -1 : *x > *y ? 1 : 0;
}

/// SQL LIKE: `%` any run, `_` one character (UTF-8 aware), `\` makes the next character literal
/// (PostgreSQL's default escape; a pattern ending in a lone `\` is refused when compiled).
bool Like(std::string_view s, std::string_view p, bool fold) {
  auto lower = [fold](char c) { return fold && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  auto char_len = [](std::string_view t, size_t i) {
    const auto c = static_cast<unsigned char>(t[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    return std::min(n, t.size() - i);
  };
  size_t si = 0, pi = 0, star_p = std::string_view::npos, star_s = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '%') {
      star_p = ++pi;
      star_s = si;
    } else if (pi < p.size() && p[pi] == '_') {
      si += char_len(s, si);
      ++pi;
    } else if (pi + 1 < p.size() && p[pi] == '\\' && lower(p[pi + 1]) == lower(s[si])) {
      ++si;
      pi += 2;
    } else if (pi < p.size() && p[pi] != '\\' && lower(p[pi]) == lower(s[si])) {
      ++si;
      ++pi;
    } else if (star_p != std::string_view::npos) {
      star_s += char_len(s, star_s);
      si = star_s;
      pi = star_p;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '%') ++pi;
  return pi == p.size();
}

/// The text of the field at `path` in the JSON text `json` as PostgreSQL's (and DuckDB's) ->> gives
/// it: a string unquoted, anything else as JSON text; NULL when a step is missing or the value is
/// JSON null.
Value JsonFieldText(const std::string& json, const std::vector<Value>& path) {
  using jsonb::Json;  // nested objects keep their key order when printed
  const Json doc = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Value();
  const Json* at = &doc;
  for (const Value& step : path) {
    if (const auto* key = std::get_if<std::string>(&step)) {
      if (!at->is_object()) return Value();
      auto it = at->find(*key);
      if (it == at->end()) return Value();
      at = &*it;
    } else {
      const int64_t index = std::get<int64_t>(step);
      if (!at->is_array()) return Value();
      const auto size = static_cast<int64_t>(at->size());
      const int64_t i = index < 0 ? size + index : index;  // -1 is the last element
      if (i < 0 || i >= size) return Value();
      at = &(*at)[static_cast<size_t>(i)];
    }
  }
  auto text = jsonb::AsText(*at);
  return text ? Value(std::move(*text)) : Value();
}

/// An operand's value: a cell, a literal, or (kJsonText) the field's text, made in `scratch`.
/// (A comparison of a whole predicate, `(a = 1) < 0`, has no value here: the literal's NULL.)
const Value& Operand(const Node& n, const Row& row, Value& scratch) {
  if (n.kind == Kind::kColumn) return row[static_cast<size_t>(n.column)];
  if (n.kind != Kind::kJsonText) return n.literal;
  const auto* json = std::get_if<std::string>(&row[static_cast<size_t>(n.column)]);
  scratch = json == nullptr ? Value() : JsonFieldText(*json, n.path);
  return scratch;
}

Tri Eval(const Node& n, const Row& row) {
  switch (n.kind) {
    case Kind::kColumn:
    case Kind::kLiteral:
    case Kind::kJsonText: {
      Value scratch;
      const Value& v = Operand(n, row, scratch);
      if (IsNull(v)) return std::nullopt;
      if (const auto* b = std::get_if<bool>(&v)) return *b;
      return std::nullopt;
    }
    case Kind::kCompare: {
      Value scratch_a;
      Value scratch_b;
      const Value& a = Operand(n.children[0], row, scratch_a);
      const Value& b = Operand(n.children[1], row, scratch_b);
      if (IsNull(a) || IsNull(b)) return std::nullopt;
      auto c = Compare(a, n.children[0].type, b, n.children[1].type);
      if (!c) return std::nullopt;
      switch (n.op) {
        case sql::CompareOp::kEq: return *c == 0;
        case sql::CompareOp::kNe: return *c != 0;
        case sql::CompareOp::kLt: return *c < 0;
        case sql::CompareOp::kLe: return *c <= 0;
        case sql::CompareOp::kGt: return *c > 0;
        case sql::CompareOp::kGe: return *c >= 0;
      }
      return std::nullopt;
    }
    case Kind::kAnd: {
      Tri out = true;
      for (const Node& c : n.children) {
        Tri v = Eval(c, row);
        if (v == false) return false;
        if (!v) out = std::nullopt;
      }
      return out;
    }
    case Kind::kOr: {
      Tri out = false;
      for (const Node& c : n.children) {
        Tri v = Eval(c, row);
        if (v == true) return true;
        if (!v) out = std::nullopt;
      }
      return out;
    }
    case Kind::kNot: {
      Tri v = Eval(n.children[0], row);
      if (!v) return std::nullopt;
      return !*v;
    }
    case Kind::kIn: {
      Value scratch;
      const Value& a = Operand(n.children[0], row, scratch);
      if (IsNull(a)) return std::nullopt;
      Tri out = false;
      for (size_t i = 1; i < n.children.size(); ++i) {
        const Value& b = n.children[i].literal;
        if (IsNull(b)) {
          out = std::nullopt;
          continue;
        }
        auto c = Compare(a, n.children[0].type, b, n.children[i].type);
        if (c == 0) {
          out = true;
          break;
        }
      }
      if (!out) return std::nullopt;
      return n.negated ? !*out : *out;
    }
    case Kind::kLike: {
      Value scratch_a;
      Value scratch_p;
      const Value& a = Operand(n.children[0], row, scratch_a);
      const Value& p = Operand(n.children[1], row, scratch_p);
      const auto* s = std::get_if<std::string>(&a);
      const auto* pattern = std::get_if<std::string>(&p);
      if (s == nullptr || pattern == nullptr) return std::nullopt;
      const bool m = Like(*s, *pattern, n.case_insensitive);
      return n.negated ? !m : m;
    }
    case Kind::kJsonContains:
    case Kind::kJsonHasKey: {
      const auto* text = std::get_if<std::string>(&row[static_cast<size_t>(n.column)]);
      if (text == nullptr) return std::nullopt;
      const jsonb::Json doc = jsonb::Json::parse(*text, nullptr, /*allow_exceptions=*/false);
      if (doc.is_discarded()) return std::nullopt;
      return n.kind == Kind::kJsonContains ? jsonb::Contains(doc, n.wanted)
                                           : jsonb::HasKey(doc, std::get<std::string>(n.literal));
    }
    case Kind::kIsNull: {
      Value scratch;
      const bool null = IsNull(Operand(n.children[0], row, scratch));
      return n.negated ? !null : null;
    }
  }
  return std::nullopt;
}

DataType LiteralType(const Value& v) {
  if (std::holds_alternative<bool>(v)) return DataType::Of(TypeId::kBoolean);
  if (std::holds_alternative<int64_t>(v)) return DataType::Of(TypeId::kBigInt);
  if (std::holds_alternative<double>(v)) return DataType::Of(TypeId::kDouble);
  return DataType::Of(TypeId::kText);
}

class Compiler {
 public:
  explicit Compiler(const catalog::TableRecord& table) : table_(table) {}

  Result<Node> Build(const sql::FilterExpr& e) {
    Node n;
    n.kind = e.kind;
    n.op = e.op;
    n.negated = e.negated;
    n.case_insensitive = e.case_insensitive;
    if (e.kind == Kind::kColumn) {
      auto idx = table_.FindColumn(e.column);
      if (!idx) {
        return Status(ErrorCode::kColumnNotFound, fmt::format("column \"{}\" does not exist", e.column));
      }
      n.column = static_cast<int>(*idx);
      n.type = table_.columns[*idx].type;
      return n;
    }
    if (e.kind == Kind::kLiteral) {
      n.literal = e.literal;
      n.type = LiteralType(e.literal);
      return n;
    }
    if (e.kind == Kind::kJsonText || e.kind == Kind::kJsonContains || e.kind == Kind::kJsonHasKey) {
      auto idx = table_.FindColumn(e.column);
      if (!idx) return Status(ErrorCode::kColumnNotFound, fmt::format("column \"{}\" does not exist", e.column));
      if (table_.columns[*idx].type.id != TypeId::kJson) {
        const char* op = e.kind == Kind::kJsonText ? "->>" : e.kind == Kind::kJsonContains ? "@>" : "?";
        return Status(ErrorCode::kDatatypeMismatch,
                      fmt::format("operator does not exist: {} {} unknown (column \"{}\" is not JSON)",
                                  table_.columns[*idx].type.ToString(), op, e.column));
      }
      n.column = static_cast<int>(*idx);
      n.type = DataType::Of(TypeId::kText);
      n.path = e.path;
      n.literal = e.literal;
      if (e.kind == Kind::kJsonContains) {
        n.wanted = jsonb::Json::parse(std::get<std::string>(e.literal), nullptr, /*allow_exceptions=*/false);
        if (n.wanted.is_discarded()) {
          return Status(ErrorCode::kInvalidTextRepresentation,
                        fmt::format("invalid input syntax for type json: \"{}\"", std::get<std::string>(e.literal)));
        }
      }
      return n;
    }
    for (const auto& c : e.children) {
      KALAM_ASSIGN_OR_RETURN(Node child, Build(c));
      n.children.push_back(std::move(child));
    }
    // A literal compared with a column takes the column's type (timestamps, UUIDs, decimals).
    if (e.kind == Kind::kCompare || e.kind == Kind::kIn || e.kind == Kind::kLike) {
      const Node* column = nullptr;
      for (const Node& c : n.children) {
        if (c.kind == Kind::kColumn || c.kind == Kind::kJsonText) column = &c;
      }
      // A JSON field's text is text: compared with a number PostgreSQL has no operator, and the
      // engine (which answers the initial data) would compare otherwise.
      for (const Node& c : n.children) {
        if (column == nullptr || column->kind != Kind::kJsonText || c.kind != Kind::kLiteral) continue;
        if (!IsNull(c.literal) && !std::holds_alternative<std::string>(c.literal)) {
          return Status(ErrorCode::kDatatypeMismatch,
                        "a JSON field's text (->>) compares with text: quote the value ('1')");
        }
      }
      if (e.kind == Kind::kLike && n.children[1].kind == Kind::kLiteral) {
        if (const auto* pattern = std::get_if<std::string>(&n.children[1].literal); pattern != nullptr) {
          size_t trailing = 0;
          for (auto it = pattern->rbegin(); it != pattern->rend() && *it == '\\'; ++it) ++trailing;
          if (trailing % 2 == 1) {
            return Status(ErrorCode::kInvalidParameter, "LIKE pattern must not end with escape character");
          }
        }
      }
      if (column != nullptr && !(e.kind == Kind::kLike)) {
        const DataType type = column->type;
        for (Node& c : n.children) {
          if (c.kind != Kind::kLiteral || IsNull(c.literal)) continue;
          if (type.IsNumeric() && (std::holds_alternative<double>(c.literal) || std::holds_alternative<int64_t>(c.literal))) {
            continue;  // numbers compare as numbers (no rounding of 1.5 to an integer column)
          }
          KALAM_ASSIGN_OR_RETURN(c.literal, CoerceValue(c.literal, type));
          c.type = type;
        }
      }
    }
    return n;
  }

 private:
  const catalog::TableRecord& table_;
};

}  // namespace

Result<CompiledFilter> CompiledFilter::Compile(const sql::FilterExpr& expr, const catalog::TableRecord& table) {
  Compiler compiler(table);
  KALAM_ASSIGN_OR_RETURN(Node root, compiler.Build(expr));
  CompiledFilter out;
  out.root_ = std::make_shared<const Node>(std::move(root));
  return out;
}

bool CompiledFilter::Matches(const Row& row) const {
  if (!root_) return true;
  return Eval(*root_, row) == true;
}

}  // namespace kalam::live
