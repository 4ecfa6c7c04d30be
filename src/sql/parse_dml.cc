#include <charconv>

#include <fmt/format.h>

#include "common/strings.h"
#include "sql/internal/parsers.h"

namespace kalam::sql::internal {
namespace {

bool IsValueEnd(const Token& t) { return t.IsPunct(',') || t.IsPunct(')'); }

Result<InsertValue> ParseInsertValue(TokenStream& ts) {
  InsertValue v;
  const Token& t = ts.Peek();
  v.position = ts.PositionOf(t);
  bool negative = t.type == TokenType::kOperator && t.text == "-" &&
                  ts.Peek(1).type == TokenType::kNumber && IsValueEnd(ts.Peek(2));
  if (negative || ((t.type == TokenType::kNumber || t.type == TokenType::kString) && IsValueEnd(ts.Peek(1)))) {
    if (negative) ts.Next();
    v.literal = (negative ? "-" : "") + ts.Next().text;
    return v;
  }
  if (IsValueEnd(ts.Peek(1))) {
    if (t.IsKeyword("TRUE") || t.IsKeyword("FALSE")) {
      v.literal = t.IsKeyword("TRUE");
      ts.Next();
      return v;
    }
    if (t.IsKeyword("NULL")) {
      ts.Next();
      return v;
    }
    if (t.IsKeyword("DEFAULT")) {
      ts.Next();
      v.kind = InsertValue::Kind::kDefault;
      return v;
    }
    if (t.type == TokenType::kParameter) {
      v.kind = InsertValue::Kind::kParameter;
      // $n with n beyond int (a fuzzer found `$144444444444`): PostgreSQL's message, not an exception.
      const auto [end, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v.parameter);
      if (ec != std::errc() || end != t.text.data() + t.text.size() || v.parameter < 1) {
        return ts.ErrorAt(t, ErrorCode::kSyntaxError, fmt::format("there is no parameter {}", t.raw));
      }
      ts.Next();
      return v;
    }
  }
  if (auto call = PeekGeneratorCall(ts); call && IsValueEnd(ts.Peek(call->tokens))) {
    v.kind = InsertValue::Kind::kGenerated;
    v.generated = call->kind;
    for (size_t i = 0; i < call->tokens; ++i) ts.Next();
    return v;
  }
  v.kind = InsertValue::Kind::kExpression;
  KALAM_ASSIGN_OR_RETURN(v.expression, TakeExpressionText(ts, {}, /*stop_at_comma=*/true));
  return v;
}

/// The value of one assignment: an expression, or DEFAULT alone.
Result<Update::Assignment> ParseAssignedValue(TokenStream& ts, std::string column) {
  const Token& next = ts.Peek(1);
  if (ts.Peek().IsKeyword("DEFAULT") && (next.type == TokenType::kEnd || next.IsPunct(',') || next.IsPunct(')') ||
                                         next.IsKeyword("FROM") || next.IsKeyword("WHERE") ||
                                         next.IsKeyword("RETURNING"))) {
    ts.Next();
    return Update::Assignment{std::move(column), "NULL", true};
  }
  KALAM_ASSIGN_OR_RETURN(std::string expr, TakeExpressionText(ts, {"FROM", "WHERE", "RETURNING"}, true));
  return Update::Assignment{std::move(column), std::move(expr)};
}

/// SET's `col = expr | DEFAULT, (col, ...) = ([ROW] (expr, ...)), ...` (UPDATE, ON CONFLICT DO UPDATE).
Result<std::vector<Update::Assignment>> ParseAssignments(TokenStream& ts) {
  std::vector<Update::Assignment> out;
  while (true) {
    if (ts.Peek().IsPunct('(')) {
      std::vector<std::string> columns;
      KALAM_RETURN_IF_ERROR(ts.ParenthesizedList([&]() -> Status {
        KALAM_ASSIGN_OR_RETURN(std::string col, ts.ExpectIdentifier());
        columns.push_back(std::move(col));
        return Status::OK();
      }));
      if (!ts.AcceptOperator("=")) return ts.SyntaxError();
      ts.Accept("ROW");
      if (ts.Peek().IsPunct('(') && ts.Peek(1).IsKeyword("SELECT")) {
        return ts.ErrorAt(ts.Peek(1), ErrorCode::kFeatureNotSupported,
                          "SET (…) = (SELECT …) is not supported: assign each column its own expression");
      }
      size_t k = 0;
      const Token& open = ts.Peek();
      KALAM_RETURN_IF_ERROR(ts.ParenthesizedList([&]() -> Status {
        if (k >= columns.size()) return ts.SyntaxError();
        KALAM_ASSIGN_OR_RETURN(Update::Assignment a, ParseAssignedValue(ts, columns[k++]));
        out.push_back(std::move(a));
        return Status::OK();
      }));
      if (k != columns.size()) {
        return ts.ErrorAt(open, ErrorCode::kSyntaxError, "number of columns does not match number of values");
      }
    } else {
      KALAM_ASSIGN_OR_RETURN(std::string col, ts.ExpectIdentifier());
      if (!ts.AcceptOperator("=")) return ts.SyntaxError();
      KALAM_ASSIGN_OR_RETURN(Update::Assignment a, ParseAssignedValue(ts, std::move(col)));
      out.push_back(std::move(a));
    }
    if (!ts.Peek().IsPunct(',')) break;
    ts.Next();
  }
  return out;
}

Result<std::optional<std::string>> ParseWhere(TokenStream& ts) {
  if (!ts.Accept("WHERE")) return std::optional<std::string>();
  KALAM_ASSIGN_OR_RETURN(std::string where, TakeExpressionText(ts, {"RETURNING"}, false));
  return std::optional<std::string>(std::move(where));
}

/// After ON CONFLICT: `[(col, ...) | ON CONSTRAINT name] DO NOTHING | DO UPDATE SET ... [WHERE ...]`.
Result<OnConflict> ParseOnConflict(TokenStream& ts) {
  OnConflict out;
  if (ts.Peek().IsPunct('(')) {
    KALAM_RETURN_IF_ERROR(ts.ParenthesizedList([&]() -> Status {
      KALAM_ASSIGN_OR_RETURN(std::string col, ts.ExpectIdentifier());
      out.target_columns.push_back(std::move(col));
      return Status::OK();
    }));
  } else if (ts.AcceptAll({"ON", "CONSTRAINT"})) {
    KALAM_ASSIGN_OR_RETURN(out.constraint, ts.ExpectIdentifier());
  }
  KALAM_RETURN_IF_ERROR(ts.Expect("DO"));
  if (ts.Accept("NOTHING")) return out;
  const Token& update = ts.Peek();
  KALAM_RETURN_IF_ERROR(ts.Expect("UPDATE"));
  if (out.target_columns.empty() && !out.constraint) {
    return ts.ErrorAt(update, ErrorCode::kSyntaxError,
                      "ON CONFLICT DO UPDATE requires inference specification or constraint name");
  }
  out.action = OnConflict::Action::kUpdate;
  KALAM_RETURN_IF_ERROR(ts.Expect("SET"));
  KALAM_ASSIGN_OR_RETURN(out.assignments, ParseAssignments(ts));
  KALAM_ASSIGN_OR_RETURN(out.where, ParseWhere(ts));
  return out;
}

}  // namespace

Result<std::string> TakeExpressionText(TokenStream& ts, std::initializer_list<std::string_view> stops,
                                       bool stop_at_comma) {
  const Token& first = ts.Peek();
  size_t begin = first.offset;
  size_t end = begin;
  int depth = 0;
  bool after_distinct = false;  // `a IS DISTINCT FROM b`: that FROM is no stop
  while (!ts.AtEnd()) {
    const Token& t = ts.Peek();
    if (depth == 0) {
      if (t.IsPunct(')') || (stop_at_comma && t.IsPunct(','))) break;
      bool stop = false;
      for (auto kw : stops) {
        if (kw == "FROM" && after_distinct) continue;
        // "ON CONFLICT": two keywords in a row.
        const size_t space = kw.find(' ');
        stop |= space == std::string_view::npos
                    ? t.IsKeyword(kw)
                    : t.IsKeyword(kw.substr(0, space)) && ts.Peek(1).IsKeyword(kw.substr(space + 1));
      }
      if (stop) break;
    }
    if (t.IsPunct('(') || t.IsPunct('[')) ++depth;
    if (t.IsPunct(')') || t.IsPunct(']')) --depth;
    after_distinct = t.IsKeyword("DISTINCT");
    end = TokenStream::EndOf(ts.Next());
  }
  if (end == begin) return ts.SyntaxError();
  return std::string(ts.Slice(begin, end));
}

Result<ReturningList> ParseReturning(TokenStream& ts) {
  ReturningList out;
  if (!ts.Accept("RETURNING")) return out;
  while (true) {
    ReturningItem item;
    const Token& t = ts.Peek();
    const Token& next = ts.Peek(1);
    const bool ends = next.IsPunct(',') || next.type == TokenType::kEnd || next.IsKeyword("AS");
    if (t.type == TokenType::kOperator && t.text == "*" && ends) {
      ts.Next();
      item.expression = "*";
    } else if (t.type == TokenType::kIdentifier && ends) {
      item.column = t.text;
      item.expression = t.raw;
      ts.Next();
    } else {
      KALAM_ASSIGN_OR_RETURN(item.expression, TakeExpressionText(ts, {"AS"}, /*stop_at_comma=*/true));
    }
    if (ts.Accept("AS")) {
      if (item.expression == "*") return ts.SyntaxError();
      KALAM_ASSIGN_OR_RETURN(std::string alias, ts.ExpectIdentifier());
      item.alias = std::move(alias);
    }
    out.push_back(std::move(item));
    if (!ts.Peek().IsPunct(',')) break;
    ts.Next();
  }
  return out;
}

Result<Statement> ParseInsert(TokenStream& ts) {
  KALAM_RETURN_IF_ERROR(ts.Expect("INTO"));
  KALAM_ASSIGN_OR_RETURN(TableRef ref, ParseTableRef(ts));
  Insert insert(std::move(ref));
  if (ts.Accept("AS")) {
    KALAM_ASSIGN_OR_RETURN(insert.alias, ts.ExpectIdentifier());
  }
  if (ts.Peek().IsPunct('(') && !ts.Peek(1).IsKeyword("SELECT") && !ts.Peek(1).IsKeyword("WITH")) {
    KALAM_RETURN_IF_ERROR(ts.ParenthesizedList([&]() -> Status {
      KALAM_ASSIGN_OR_RETURN(std::string col, ts.ExpectIdentifier());
      insert.columns.push_back(std::move(col));
      return Status::OK();
    }));
  }
  if (insert.columns.empty() && ts.AcceptAll({"DEFAULT", "VALUES"})) {
    insert.default_values = true;
    insert.rows.emplace_back();
  } else if (ts.Accept("VALUES")) {
    while (true) {
      std::vector<InsertValue> row;
      KALAM_RETURN_IF_ERROR(ts.ParenthesizedList([&]() -> Status {
        KALAM_ASSIGN_OR_RETURN(InsertValue v, ParseInsertValue(ts));
        row.push_back(std::move(v));
        return Status::OK();
      }));
      insert.rows.push_back(std::move(row));
      if (!ts.Peek().IsPunct(',')) break;
      ts.Next();
    }
  } else if (ts.Peek().IsKeyword("SELECT") || ts.Peek().IsKeyword("WITH") || ts.Peek().IsPunct('(')) {
    KALAM_ASSIGN_OR_RETURN(insert.select, TakeExpressionText(ts, {"RETURNING", "ON CONFLICT"}, false));
  } else {
    return ts.SyntaxError();
  }
  if (ts.AcceptAll({"ON", "CONFLICT"})) {
    KALAM_ASSIGN_OR_RETURN(insert.on_conflict, ParseOnConflict(ts));
  }
  KALAM_ASSIGN_OR_RETURN(insert.returning, ParseReturning(ts));
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(std::move(insert));
}

/// The target table's `[AS] alias` of UPDATE and DELETE: a word other than the clause after it.
Result<std::optional<std::string>> ParseTargetAlias(TokenStream& ts, std::string_view next_clause) {
  const Token& t = ts.Peek();
  const bool bare = t.type == TokenType::kIdentifier && !t.IsKeyword(next_clause) && !t.IsKeyword("WHERE") &&
                    !t.IsKeyword("RETURNING");
  if (!ts.Accept("AS") && !bare) return std::optional<std::string>();
  KALAM_ASSIGN_OR_RETURN(std::string alias, ts.ExpectIdentifier());
  return std::optional<std::string>(std::move(alias));
}

/// The other tables of UPDATE … FROM and DELETE … USING, as text up to WHERE or RETURNING.
Result<std::optional<std::string>> ParseJoinedTables(TokenStream& ts, std::string_view keyword) {
  if (!ts.Accept(keyword)) return std::optional<std::string>();
  KALAM_ASSIGN_OR_RETURN(std::string tables, TakeExpressionText(ts, {"WHERE", "RETURNING"}, false));
  return std::optional<std::string>(std::move(tables));
}

Result<Statement> ParseUpdate(TokenStream& ts) {
  ts.Accept("ONLY");  // PostgreSQL's "not the inheriting tables": KalamDB tables have none
  KALAM_ASSIGN_OR_RETURN(TableRef ref, ParseTableRef(ts));
  Update update(std::move(ref));
  KALAM_ASSIGN_OR_RETURN(update.alias, ParseTargetAlias(ts, "SET"));
  KALAM_RETURN_IF_ERROR(ts.Expect("SET"));
  KALAM_ASSIGN_OR_RETURN(update.assignments, ParseAssignments(ts));
  KALAM_ASSIGN_OR_RETURN(update.from, ParseJoinedTables(ts, "FROM"));
  KALAM_ASSIGN_OR_RETURN(update.where, ParseWhere(ts));
  KALAM_ASSIGN_OR_RETURN(update.returning, ParseReturning(ts));
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(std::move(update));
}

Result<Statement> ParseDelete(TokenStream& ts) {
  KALAM_RETURN_IF_ERROR(ts.Expect("FROM"));
  ts.Accept("ONLY");
  KALAM_ASSIGN_OR_RETURN(TableRef ref, ParseTableRef(ts));
  Delete del(std::move(ref));
  KALAM_ASSIGN_OR_RETURN(del.alias, ParseTargetAlias(ts, "USING"));
  KALAM_ASSIGN_OR_RETURN(del.using_list, ParseJoinedTables(ts, "USING"));
  KALAM_ASSIGN_OR_RETURN(del.where, ParseWhere(ts));
  KALAM_ASSIGN_OR_RETURN(del.returning, ParseReturning(ts));
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(std::move(del));
}

Result<Statement> ParseTruncate(TokenStream& ts) {
  ts.Accept("TABLE");
  Truncate truncate;
  do {
    ts.Accept("ONLY");
    KALAM_ASSIGN_OR_RETURN(TableRef ref, ParseTableRef(ts));
    truncate.tables.push_back(std::move(ref));
  } while (ts.Peek().IsPunct(',') && (ts.Next(), true));
  if (!ts.AcceptAll({"RESTART", "IDENTITY"})) ts.AcceptAll({"CONTINUE", "IDENTITY"});
  if (!ts.Accept("CASCADE")) ts.Accept("RESTRICT");
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(std::move(truncate));
}

}  // namespace kalam::sql::internal
