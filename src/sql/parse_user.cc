#include <fmt/format.h>

#include "common/strings.h"
#include "sql/internal/parsers.h"

namespace kalam::sql::internal {
namespace {

/// A user name: an identifier or a string literal ('bob').
Result<UserId> ParseUserName(TokenStream& ts) {
  const Token& t = ts.Peek();
  if (t.type != TokenType::kIdentifier && t.type != TokenType::kString) return ts.SyntaxError();
  if (!IsValidIdentifier(t.text)) {
    return ts.ErrorAt(t, ErrorCode::kInvalidParameter,
                      fmt::format("invalid user name \"{}\": names match ^[A-Za-z_][A-Za-z0-9_]*$", t.text));
  }
  return UserId(ts.Next().text);
}

/// user | service | dba, bare or quoted (system is internal and never granted).
Result<Role> ParseGrantableRole(TokenStream& ts) {
  const Token& t = ts.Peek();
  KALAM_ASSIGN_OR_RETURN(std::string role, t.type == TokenType::kString ? ParseString(ts) : ts.ExpectIdentifier());
  auto parsed = ParseEnum<Role>(ToLowerAscii(role));
  if (!parsed.ok() || *parsed == Role::kSystem) {
    return ts.ErrorAt(t, ErrorCode::kInvalidParameter,
                      fmt::format("invalid role \"{}\" (expected user, service or dba)", role));
  }
  return *parsed;
}

}  // namespace

Result<Statement> ParseCreateUser(TokenStream& ts) {
  CreateUser u;
  KALAM_ASSIGN_OR_RETURN(u.name, ParseUserName(ts));
  ts.Accept("WITH");
  KALAM_RETURN_IF_ERROR(ts.Expect("PASSWORD"));
  KALAM_ASSIGN_OR_RETURN(u.password, ParseString(ts));
  while (!ts.AtEnd()) {
    if (ts.Accept("ROLE")) {
      KALAM_ASSIGN_OR_RETURN(u.role, ParseGrantableRole(ts));
    } else if (ts.Accept("EMAIL")) {
      KALAM_ASSIGN_OR_RETURN(u.email, ParseString(ts));
    } else {
      return ts.SyntaxError();
    }
  }
  return Statement(std::move(u));
}

Result<Statement> ParseDropUser(TokenStream& ts) {
  DropUser d;
  d.if_exists = ts.AcceptAll({"IF", "EXISTS"});
  KALAM_ASSIGN_OR_RETURN(d.name, ParseUserName(ts));
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(std::move(d));
}

Result<Statement> ParseAlterUser(TokenStream& ts) {
  AlterUser a;
  KALAM_ASSIGN_OR_RETURN(a.name, ParseUserName(ts));
  KALAM_RETURN_IF_ERROR(ts.Expect("SET"));
  if (ts.Accept("ROLE")) {
    a.field = UserField::kRole;
    KALAM_ASSIGN_OR_RETURN(a.role, ParseGrantableRole(ts));
  } else {
    if (ts.Accept("PASSWORD")) {
      a.field = UserField::kPassword;
    } else if (ts.Accept("EMAIL")) {
      a.field = UserField::kEmail;
    } else if (ts.Accept("STORAGE_MODE")) {
      a.field = UserField::kStorageMode;
    } else if (ts.Accept("STORAGE_ID")) {
      a.field = UserField::kStorageId;
    } else {
      return ts.SyntaxError();
    }
    ts.AcceptOperator("=");
    KALAM_ASSIGN_OR_RETURN(a.value, ParseString(ts));
  }
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(std::move(a));
}

Result<Statement> ParseShowUsers(TokenStream& ts) {
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(ShowUsers{});
}

Result<Statement> ParseExecuteAs(TokenStream& ts) {
  ExecuteAs e;
  KALAM_ASSIGN_OR_RETURN(e.user, ParseUserName(ts));
  if (!ts.Peek().IsPunct('(')) return ts.SyntaxError();
  ts.Next();
  e.statement_offset = ts.Peek().offset;
  KALAM_ASSIGN_OR_RETURN(e.statement, TakeExpressionText(ts, {}, false));
  if (!ts.Peek().IsPunct(')')) return ts.SyntaxError();
  ts.Next();
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(std::move(e));
}

Result<std::string> ParseString(TokenStream& ts) {
  if (ts.Peek().type != TokenType::kString) return ts.SyntaxError();
  return ts.Next().text;
}

}  // namespace kalam::sql::internal
