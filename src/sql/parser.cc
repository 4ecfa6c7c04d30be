#include "sql/parser.h"

#include <array>
#include <optional>
#include <string>
#include <variant>

#include <fmt/format.h>

#include "common/strings.h"
#include "sql/internal/parsers.h"
#include "sql/lexer.h"

namespace kalam::sql {
namespace {

using ParseFn = Result<Statement> (*)(TokenStream&);

// CREATE [USER|SHARED|STREAM] TABLE: the kind is data handed to the one create-table parser.
Result<Statement> CreateUserTable(TokenStream& ts) { return internal::ParseCreateTable(ts, TableType::kUser, true); }
Result<Statement> CreateSharedTable(TokenStream& ts) { return internal::ParseCreateTable(ts, TableType::kShared, true); }
Result<Statement> CreateStreamTable(TokenStream& ts) { return internal::ParseCreateTable(ts, TableType::kStream, true); }
Result<Statement> CreateTable(TokenStream& ts) { return internal::ParseCreateTable(ts, TableType::kShared, false); }

/// Leading keywords → parser. Longest matches first where prefixes overlap.
/// (Keywords held by value: an initializer_list member would point at a temporary array, which
/// the fuzzer caught dangling in a clang build.)
struct Route {
  std::array<std::string_view, 3> keywords;  // unused trailing entries are empty
  ParseFn parse;

  size_t size() const {
    size_t n = 0;
    while (n < keywords.size() && !keywords[n].empty()) ++n;
    return n;
  }
};

Result<Statement> ParseClearCache(TokenStream& ts) {
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(ClearCache{});
}

const std::array kRoutes = {
    Route{{"CLEAR", "CACHE"}, ParseClearCache},
    Route{{"CREATE", "USER", "TABLE"}, CreateUserTable},
    Route{{"CREATE", "SHARED", "TABLE"}, CreateSharedTable},
    Route{{"CREATE", "STREAM", "TABLE"}, CreateStreamTable},
    Route{{"CREATE", "TABLE"}, CreateTable},
    Route{{"DROP", "TABLE"}, internal::ParseDropTable},
    Route{{"ALTER", "TABLE"}, internal::ParseAlterTable},
    Route{{"SHOW", "TABLES"}, internal::ParseShowTables},
    Route{{"FLUSH", "TABLE"}, internal::ParseFlushTable},
    Route{{"FLUSH", "ALL", "TABLES"}, internal::ParseFlushAllTables},
    Route{{"COMPACT", "TABLE"}, internal::ParseCompactTable},
    Route{{"SUBSCRIBE", "TO"}, internal::ParseSubscribe},
    Route{{"KILL", "LIVE", "QUERY"}, internal::ParseKillLiveQuery},
    Route{{"KILL", "JOB"}, internal::ParseKillJob},
    Route{{"SHOW", "JOBS"}, internal::ParseShowJobs},
    Route{{"EXPORT", "USER", "DATA"}, internal::ParseExportUserData},
    Route{{"SHOW", "EXPORT"}, internal::ParseShowExport},
    Route{{"BACKUP", "DATABASE", "TO"}, internal::ParseBackupDatabase},
    Route{{"RESTORE", "DATABASE", "FROM"}, internal::ParseRestoreDatabase},
    Route{{"DESCRIBE"}, internal::ParseDescribeTable},
    Route{{"DESC"}, internal::ParseDescribeTable},
    Route{{"INSERT"}, internal::ParseInsert},
    Route{{"CREATE", "USER"}, internal::ParseCreateUser},
    Route{{"DROP", "USER"}, internal::ParseDropUser},
    Route{{"ALTER", "USER"}, internal::ParseAlterUser},
    Route{{"SHOW", "USERS"}, internal::ParseShowUsers},
    Route{{"CREATE", "STORAGE"}, internal::ParseCreateStorage},
    Route{{"ALTER", "STORAGE"}, internal::ParseAlterStorage},
    Route{{"DROP", "STORAGE"}, internal::ParseDropStorage},
    Route{{"SHOW", "STORAGES"}, internal::ParseShowStorages},
    Route{{"EXECUTE", "AS", "USER"}, internal::ParseExecuteAs},
    Route{{"UPDATE"}, internal::ParseUpdate},
    Route{{"DELETE"}, internal::ParseDelete},
    Route{{"TRUNCATE"}, internal::ParseTruncate},
    Route{{"CREATE", "NAMESPACE"}, internal::ParseCreateNamespace},
    Route{{"CREATE", "SCHEMA"}, internal::ParseCreateNamespace},
    Route{{"DROP", "NAMESPACE"}, internal::ParseDropNamespace},
    Route{{"DROP", "SCHEMA"}, internal::ParseDropNamespace},
    Route{{"USE"}, internal::ParseUseNamespace},
    Route{{"SHOW", "NAMESPACES"}, internal::ParseShowNamespaces},
    Route{{"SHOW", "SCHEMAS"}, internal::ParseShowNamespaces},
};

/// First words of queries; their text is handed to the engine as is.
constexpr std::array<std::string_view, 5> kQueryWords = {"SELECT", "WITH", "VALUES", "TABLE", "FROM"};

/// Statements that control the engine, the file system or the session: never run for a user.
constexpr std::array<std::string_view, 15> kRefused = {
    "COPY", "ATTACH", "DETACH", "SET", "RESET", "PRAGMA", "INSTALL", "LOAD", "CALL",
    "EXPORT", "IMPORT", "CHECKPOINT", "VACUUM", "FORCE", "SUMMARIZE"};

/// KalamDB statements of CONTRACT §3–§5 that later versions execute.
constexpr std::array<std::string_view, 17> kNotYet = {
    "CREATE", "DROP", "ALTER", "INSERT", "UPDATE", "DELETE", "FLUSH", "COMPACT", "KILL",
    "CLEAR", "SUBSCRIBE", "SHOW", "DESCRIBE", "BACKUP", "RESTORE", "EXECUTE", "GRANT"};

/// PostgreSQL statements KalamDB does not have: a clear FEATURE_NOT_SUPPORTED, not a syntax error.
constexpr std::array<std::string_view, 15> kPostgresOnly = {
    "EXPLAIN", "ANALYZE", "LISTEN", "NOTIFY", "UNLISTEN", "REVOKE", "PREPARE",
    "DEALLOCATE", "DISCARD", "LOCK", "MERGE", "COMMENT", "REINDEX", "CLUSTER", "REFRESH"};

/// Transaction control: every statement commits on its own.
constexpr std::array<std::string_view, 7> kTransactionWords = {"BEGIN", "START", "COMMIT", "END",
                                                               "ROLLBACK", "SAVEPOINT", "RELEASE"};

bool StartsWith(const TokenStream& ts, const Route& route) {
  for (size_t i = 0; i < route.size(); ++i) {
    if (!ts.Peek(i).IsKeyword(route.keywords[i])) return false;
  }
  return true;
}

template <size_t N>
bool IsOneOf(const Token& t, const std::array<std::string_view, N>& words) {
  for (auto w : words) {
    if (t.IsKeyword(w)) return true;
  }
  return false;
}

/// After `WITH name [(cols)] AS [[NOT] MATERIALIZED] (…), …`: how many tokens the CTE list takes,
/// or nullopt when it is not such a list (the engine then reports what is wrong).
std::optional<size_t> CteListLength(const TokenStream& ts) {
  size_t i = 1;  // WITH
  if (ts.Peek(i).IsKeyword("RECURSIVE")) ++i;
  auto skip_parens = [&ts](size_t at) -> std::optional<size_t> {
    if (!ts.Peek(at).IsPunct('(')) return std::nullopt;
    for (int depth = 0; ts.Peek(at).type != TokenType::kEnd; ++at) {
      if (ts.Peek(at).IsPunct('(')) ++depth;
      if (ts.Peek(at).IsPunct(')') && --depth == 0) return at + 1;
    }
    return std::nullopt;
  };
  while (true) {
    if (ts.Peek(i).type != TokenType::kIdentifier) return std::nullopt;
    ++i;
    if (ts.Peek(i).IsPunct('(')) {
      auto after = skip_parens(i);
      if (!after) return std::nullopt;
      i = *after;
    }
    if (!ts.Peek(i).IsKeyword("AS")) return std::nullopt;
    ++i;
    if (ts.Peek(i).IsKeyword("NOT")) ++i;
    if (ts.Peek(i).IsKeyword("MATERIALIZED")) ++i;
    auto after = skip_parens(i);
    if (!after) return std::nullopt;
    i = *after;
    if (!ts.Peek(i).IsPunct(',')) return i;
    ++i;
  }
}

/// `WITH … UPDATE | DELETE | INSERT …`: the statement, its queries given the CTEs. nullopt for a
/// query (`WITH … SELECT`), which the engine runs as it is.
std::optional<Result<Statement>> ParseWithWrite(std::string_view text, TokenStream& ts) {
  const auto length = CteListLength(ts);
  if (!length) return std::nullopt;
  const Token& main = ts.Peek(*length);
  if (!main.IsKeyword("UPDATE") && !main.IsKeyword("DELETE") && !main.IsKeyword("INSERT")) return std::nullopt;
  std::string with(text.substr(ts.Peek().offset, main.offset - ts.Peek().offset));
  for (size_t i = 0; i <= *length; ++i) ts.Next();
  Result<Statement> parsed = main.IsKeyword("UPDATE")   ? internal::ParseUpdate(ts)
                             : main.IsKeyword("DELETE") ? internal::ParseDelete(ts)
                                                        : internal::ParseInsert(ts);
  if (!parsed.ok()) return parsed;
  std::visit(
      [&with](auto& statement) {
        if constexpr (requires { statement.with; }) statement.with = std::move(with);
      },
      *parsed);
  return parsed;
}

}  // namespace

Result<Statement> ParseStatement(std::string_view text) {
  KALAM_ASSIGN_OR_RETURN(auto tokens, Lex(text));
  TokenStream ts(text, std::move(tokens));
  const Token& first = ts.Peek();
  if (first.type == TokenType::kEnd) return ts.SyntaxError();
  if (first.IsKeyword("WITH")) {
    if (auto write = ParseWithWrite(text, ts)) return std::move(*write);
  }
  if (IsOneOf(first, kQueryWords) || first.IsPunct('(')) {
    return Statement(Select{std::string(text)});
  }
  for (const Route& route : kRoutes) {
    if (!StartsWith(ts, route)) continue;
    for (size_t i = 0; i < route.size(); ++i) ts.Next();
    return route.parse(ts);
  }
  if (IsOneOf(first, kRefused)) {
    return ts.ErrorAt(first, ErrorCode::kPermissionDenied,
                      fmt::format("permission denied: {} statements are not allowed",
                                  ToUpperAscii(first.text)));
  }
  if (IsOneOf(first, kTransactionWords)) {
    return ts.ErrorAt(first, ErrorCode::kFeatureNotSupported,
                      fmt::format("{}: transactions are not supported; every statement commits on its own",
                                  ToUpperAscii(first.text)));
  }
  if (IsOneOf(first, kPostgresOnly)) {
    return ts.ErrorAt(first, ErrorCode::kFeatureNotSupported,
                      fmt::format("{} is not supported", ToUpperAscii(first.text)));
  }
  if (IsOneOf(first, kNotYet)) {
    std::string what = ToUpperAscii(first.text);
    if (ts.Peek(1).type == TokenType::kIdentifier) what += " " + ToUpperAscii(ts.Peek(1).text);
    return ts.ErrorAt(first, ErrorCode::kFeatureNotSupported,
                      fmt::format("{} is not supported yet", what));
  }
  return ts.SyntaxError();
}

}  // namespace kalam::sql
