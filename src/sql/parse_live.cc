#include <charconv>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "sql/internal/parsers.h"
#include "sql/lexer.h"
#include "sql/parser.h"

namespace kalam::sql {
namespace {

constexpr std::string_view kSupported =
    "live queries support one table, a column list or *, and a WHERE of comparisons, AND/OR/NOT, "
    "IN, BETWEEN, LIKE, IS [NOT] NULL and JSON fields' text (->>)";

/// Recursive descent over the filter language; anything outside it is FEATURE_NOT_SUPPORTED at
/// the token where it starts.
class FilterParser {
 public:
  explicit FilterParser(TokenStream& ts) : ts_(ts) {}

  Result<FilterExpr> Or() {
    KALAM_ASSIGN_OR_RETURN(FilterExpr left, And());
    if (!ts_.Peek().IsKeyword("OR")) return left;
    FilterExpr node{.kind = FilterExpr::Kind::kOr};
    node.children.push_back(std::move(left));
    while (ts_.Accept("OR")) {
      KALAM_ASSIGN_OR_RETURN(FilterExpr next, And());
      node.children.push_back(std::move(next));
    }
    return node;
  }

 private:
  Result<FilterExpr> And() {
    KALAM_ASSIGN_OR_RETURN(FilterExpr left, Not());
    if (!ts_.Peek().IsKeyword("AND")) return left;
    FilterExpr node{.kind = FilterExpr::Kind::kAnd};
    node.children.push_back(std::move(left));
    while (ts_.Accept("AND")) {
      KALAM_ASSIGN_OR_RETURN(FilterExpr next, Not());
      node.children.push_back(std::move(next));
    }
    return node;
  }

  Result<FilterExpr> Not() {
    if (++depth_ > 200) return Unsupported(ts_.Peek(), "the filter nests too deeply");
    if (!ts_.Accept("NOT")) {
      auto out = Predicate();
      --depth_;
      return out;
    }
    KALAM_ASSIGN_OR_RETURN(FilterExpr inner, Not());
    --depth_;
    FilterExpr node{.kind = FilterExpr::Kind::kNot};
    node.children.push_back(std::move(inner));
    return node;
  }

  Result<FilterExpr> Predicate() {
    KALAM_ASSIGN_OR_RETURN(FilterExpr left, Operand());
    const Token& t = ts_.Peek();
    if (left.kind == FilterExpr::Kind::kColumn && t.type == TokenType::kOperator &&
        (t.text == "@>" || t.text == "?")) {
      // `meta @> '{"k":1}'`, `meta ? 'k'`: a JSON column tested against a string literal.
      const bool contains = ts_.Next().text == "@>";
      const Token& operand = ts_.Peek();
      KALAM_ASSIGN_OR_RETURN(FilterExpr right, Literal());
      if (!std::holds_alternative<std::string>(right.literal)) {
        return Unsupported(operand, contains ? "a live query's @> takes a JSON text ('{\"k\":1}')"
                                                : "a live query's ? takes a key ('k')");
      }
      return FilterExpr{.kind = contains ? FilterExpr::Kind::kJsonContains : FilterExpr::Kind::kJsonHasKey,
                        .column = std::move(left.column), .literal = std::move(right.literal)};
    }
    if (t.type == TokenType::kOperator) {
      std::optional<CompareOp> op;
      if (t.text == "=") op = CompareOp::kEq;
      if (t.text == "<>" || t.text == "!=") op = CompareOp::kNe;
      if (t.text == "<") op = CompareOp::kLt;
      if (t.text == "<=") op = CompareOp::kLe;
      if (t.text == ">") op = CompareOp::kGt;
      if (t.text == ">=") op = CompareOp::kGe;
      if (!op) return Unsupported(t);
      ts_.Next();
      KALAM_ASSIGN_OR_RETURN(FilterExpr right, Operand());
      FilterExpr node{.kind = FilterExpr::Kind::kCompare, .op = *op};
      node.children.push_back(std::move(left));
      node.children.push_back(std::move(right));
      return node;
    }
    if (t.IsKeyword("IS")) {
      ts_.Next();
      FilterExpr node{.kind = FilterExpr::Kind::kIsNull, .negated = ts_.Accept("NOT")};
      if (!ts_.Accept("NULL")) return Unsupported(ts_.Peek());
      node.children.push_back(std::move(left));
      return node;
    }
    const bool negated = ts_.Peek().IsKeyword("NOT") &&
                         (ts_.Peek(1).IsKeyword("IN") || ts_.Peek(1).IsKeyword("LIKE") ||
                          ts_.Peek(1).IsKeyword("ILIKE") || ts_.Peek(1).IsKeyword("BETWEEN"));
    if (negated) ts_.Next();
    if (ts_.Accept("BETWEEN")) {
      // `x BETWEEN a AND b` is `x >= a AND x <= b` (SYMMETRIC is not PostgreSQL's default).
      KALAM_ASSIGN_OR_RETURN(FilterExpr low, Operand());
      if (!ts_.Accept("AND")) return Unsupported(ts_.Peek());
      KALAM_ASSIGN_OR_RETURN(FilterExpr high, Operand());
      FilterExpr range{.kind = FilterExpr::Kind::kAnd};
      range.children.push_back(FilterExpr{.kind = FilterExpr::Kind::kCompare, .op = CompareOp::kGe,
                                          .children = {left, std::move(low)}});
      range.children.push_back(FilterExpr{.kind = FilterExpr::Kind::kCompare, .op = CompareOp::kLe,
                                          .children = {std::move(left), std::move(high)}});
      if (!negated) return range;
      FilterExpr node{.kind = FilterExpr::Kind::kNot};
      node.children.push_back(std::move(range));
      return node;
    }
    if (ts_.Accept("IN")) {
      FilterExpr node{.kind = FilterExpr::Kind::kIn, .negated = negated};
      node.children.push_back(std::move(left));
      if (!ts_.Peek().IsPunct('(')) return Unsupported(ts_.Peek());
      KALAM_RETURN_IF_ERROR(ts_.ParenthesizedList([&]() -> Status {
        KALAM_ASSIGN_OR_RETURN(FilterExpr item, Literal());
        node.children.push_back(std::move(item));
        return Status::OK();
      }));
      return node;
    }
    const bool like = ts_.Peek().IsKeyword("LIKE");
    if (like || ts_.Peek().IsKeyword("ILIKE")) {
      ts_.Next();
      FilterExpr node{.kind = FilterExpr::Kind::kLike, .negated = negated, .case_insensitive = !like};
      KALAM_ASSIGN_OR_RETURN(FilterExpr pattern, Operand());
      node.children.push_back(std::move(left));
      node.children.push_back(std::move(pattern));
      return node;
    }
    return left;
  }

  Result<FilterExpr> Operand() {
    const Token& t = ts_.Peek();
    if (t.IsPunct('(')) {
      ts_.Next();
      KALAM_ASSIGN_OR_RETURN(FilterExpr inner, Or());
      if (!ts_.Peek().IsPunct(')')) return Unsupported(ts_.Peek());
      ts_.Next();
      return inner;
    }
    if (t.type == TokenType::kIdentifier && (t.quoted || !IsLiteralWord(t))) {
      if (!t.quoted && (ts_.Peek(1).IsPunct('(') || ts_.Peek(1).IsPunct('.'))) return Unsupported(t);
      FilterExpr node{.kind = FilterExpr::Kind::kColumn, .column = t.text};
      ts_.Next();
      if (IsArrow(ts_.Peek())) return JsonText(std::move(node));
      return node;
    }
    return Literal();
  }

  static bool IsArrow(const Token& t) { return t.type == TokenType::kOperator && (t.text == "->" || t.text == "->>"); }

  /// `column -> 'a' -> 0 ->> 'b'`: zero or more `->` steps, then one `->>` (the field's text).
  Result<FilterExpr> JsonText(FilterExpr column) {
    FilterExpr node{.kind = FilterExpr::Kind::kJsonText, .column = std::move(column.column)};
    while (IsArrow(ts_.Peek())) {
      const bool last = ts_.Next().text == "->>";
      // `->>(-1)`: the engine's parser reads `->>-1` as one operator.
      const bool parenthesized = ts_.Peek().IsPunct('(');
      if (parenthesized) ts_.Next();
      KALAM_ASSIGN_OR_RETURN(FilterExpr step, Literal());
      if (parenthesized) {
        if (!ts_.Peek().IsPunct(')')) return Unsupported(ts_.Peek());
        ts_.Next();
      }
      const auto* key = std::get_if<std::string>(&step.literal);
      // DuckDB reads a key starting with $ or / as a JSON path: the initial data would differ.
      if (!(key != nullptr || std::holds_alternative<int64_t>(step.literal)) ||
          (key != nullptr && !key->empty() && (key->front() == '$' || key->front() == '/'))) {
        return Unsupported(ts_.Peek(), "a JSON step of a live query is a key ('name', not a path) or an index");
      }
      node.path.push_back(std::move(step.literal));
      if (last) {
        if (IsArrow(ts_.Peek())) return Unsupported(ts_.Peek());
        return node;
      }
    }
    return Unsupported(ts_.Peek(), "a live query compares the text of a JSON field: end the path with ->>");
  }

  static bool IsLiteralWord(const Token& t) {
    return t.IsKeyword("TRUE") || t.IsKeyword("FALSE") || t.IsKeyword("NULL");
  }

  Result<FilterExpr> Literal() {
    const Token& t = ts_.Peek();
    FilterExpr node{.kind = FilterExpr::Kind::kLiteral};
    bool minus = false;
    if (t.type == TokenType::kOperator && t.text == "-" && ts_.Peek(1).type == TokenType::kNumber) {
      minus = true;
      ts_.Next();
    }
    const Token& v = ts_.Peek();
    if (v.type == TokenType::kString && !minus) {
      node.literal = v.text;
    } else if (v.type == TokenType::kNumber) {
      const std::string text = (minus ? "-" : "") + v.text;
      int64_t n = 0;
      const auto parsed = std::from_chars(text.data(), text.data() + text.size(), n);
      if (v.text.find_first_of(".eE") == std::string::npos && parsed.ec == std::errc() &&
          parsed.ptr == text.data() + text.size()) {
        node.literal = n;
      } else {
        char* end = nullptr;
        double d = std::strtod(text.c_str(), &end);
        if (end == nullptr || *end != '\0') return Unsupported(v);
        if (!std::isfinite(d)) {  // 1e400: PostgreSQL refuses it too (it would print as "inf")
          return Status(ErrorCode::kInvalidParameter,
                        fmt::format("\"{}\" is out of range for type double precision", text));
        }
        node.literal = d;
      }
    } else if (v.IsKeyword("TRUE") && !minus) {
      node.literal = true;
    } else if (v.IsKeyword("FALSE") && !minus) {
      node.literal = false;
    } else if (v.IsKeyword("NULL") && !minus) {
      node.literal = Value();
    } else if (v.type == TokenType::kEnd) {
      return ts_.SyntaxError();
    } else {
      return Unsupported(v);
    }
    ts_.Next();
    return node;
  }

  Status Unsupported(const Token& t, std::string_view why = kSupported) const {
    if (t.type == TokenType::kEnd) return ts_.SyntaxError();
    return ts_.ErrorAt(t, ErrorCode::kFeatureNotSupported, std::string(why));
  }

  TokenStream& ts_;
  int depth_ = 0;
};

Status UnsupportedAt(const TokenStream& ts, const Token& t) {
  if (t.type == TokenType::kEnd) return ts.SyntaxError();
  return ts.ErrorAt(t, ErrorCode::kFeatureNotSupported, std::string(kSupported));
}

Result<LiveQuery> ParseLiveQueryTokens(TokenStream& ts) {
  std::vector<std::string> columns;
  if (!ts.Accept("SELECT")) return UnsupportedAt(ts, ts.Peek());
  if (ts.Peek().type == TokenType::kOperator && ts.Peek().text == "*") {
    ts.Next();
  } else {
    while (true) {
      const Token& t = ts.Peek();
      if (t.type != TokenType::kIdentifier || t.IsKeyword("FROM") || t.IsKeyword("DISTINCT") ||
          ts.Peek(1).IsPunct('(') || ts.Peek(1).IsPunct('.')) {
        return UnsupportedAt(ts, t);
      }
      columns.push_back(t.text);
      ts.Next();
      if (!ts.Peek().IsPunct(',')) break;
      ts.Next();
    }
  }
  if (!ts.Accept("FROM")) return UnsupportedAt(ts, ts.Peek());
  KALAM_ASSIGN_OR_RETURN(TableRef table, internal::ParseTableRef(ts));
  LiveQuery query(std::move(table));
  query.columns = std::move(columns);
  if (ts.Accept("WHERE")) {
    FilterParser filter(ts);
    KALAM_ASSIGN_OR_RETURN(query.where, filter.Or());
  }
  if (ts.Peek().IsPunct(';') && ts.Peek(1).type == TokenType::kEnd) ts.Next();
  if (!ts.AtEnd()) return UnsupportedAt(ts, ts.Peek());
  return query;
}

}  // namespace

Result<LiveQuery> ParseLiveQuery(std::string_view text) {
  KALAM_ASSIGN_OR_RETURN(auto tokens, Lex(text));
  TokenStream ts(text, std::move(tokens));
  if (ts.AtEnd()) return ts.SyntaxError();
  return ParseLiveQueryTokens(ts);
}

namespace internal {

Result<Statement> ParseSubscribe(TokenStream& ts) {
  const Token& first = ts.Peek();
  std::string sql(ts.Slice(first.offset, std::string_view::npos));
  KALAM_ASSIGN_OR_RETURN(LiveQuery query, ParseLiveQueryTokens(ts));
  return Statement(Subscribe{std::move(query), std::move(sql)});
}

Result<Statement> ParseKillLiveQuery(TokenStream& ts) {
  KALAM_ASSIGN_OR_RETURN(std::string id, ParseString(ts));
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(KillLiveQuery{std::move(id)});
}

}  // namespace internal
}  // namespace kalam::sql
