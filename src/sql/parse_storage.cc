#include <array>

#include <fmt/format.h>

#include "sql/internal/parsers.h"

namespace kalam::sql::internal {
namespace {

struct OptionName {
  std::string_view keyword;
  StorageField field;
};

/// The storage options as data: one table for CREATE and ALTER.
constexpr std::array kOptions = {
    OptionName{"TYPE", StorageField::kType},
    OptionName{"NAME", StorageField::kName},
    OptionName{"DESCRIPTION", StorageField::kDescription},
    OptionName{"URI", StorageField::kUri},
    OptionName{"SHARED_TABLES_TEMPLATE", StorageField::kSharedTablesTemplate},
    OptionName{"USER_TABLES_TEMPLATE", StorageField::kUserTablesTemplate},
    OptionName{"CREDENTIALS", StorageField::kCredentials},
};

Result<StorageId> ParseStorageId(TokenStream& ts) {
  const Token& t = ts.Peek();
  if (t.type != TokenType::kIdentifier && t.type != TokenType::kString) return ts.SyntaxError();
  auto id = StorageId::Parse(t.text);
  if (!id.ok()) return ts.ErrorAt(t, id.error().code(), id.error().message());
  ts.Next();
  return *id;
}

/// `KEYWORD [=] 'value'` options until the end (or, with `commas`, separated by commas).
Status ParseOptions(TokenStream& ts, bool commas, bool allow_type, std::vector<StorageOption>& out) {
  while (!ts.AtEnd()) {
    if (commas && !out.empty()) {
      if (!ts.Peek().IsPunct(',')) return ts.SyntaxError();
      ts.Next();
    }
    const Token& key = ts.Peek();
    const OptionName* option = nullptr;
    for (const auto& o : kOptions) {
      if (ts.Accept(o.keyword)) {
        option = &o;
        break;
      }
    }
    if (option == nullptr) return ts.SyntaxError();
    if (option->field == StorageField::kType && !allow_type) {
      return ts.ErrorAt(key, ErrorCode::kFeatureNotSupported, "the TYPE of a storage cannot be changed");
    }
    for (const auto& seen : out) {
      if (seen.field == option->field) {
        return ts.ErrorAt(key, ErrorCode::kInvalidParameter, fmt::format("option {} given twice", option->keyword));
      }
    }
    ts.AcceptOperator("=");
    if (ts.Peek().type != TokenType::kString) return ts.SyntaxError();
    out.push_back(StorageOption{option->field, ts.Next().text});
  }
  return Status::OK();
}

}  // namespace

Result<Statement> ParseCreateStorage(TokenStream& ts) {
  bool if_not_exists = ts.AcceptAll({"IF", "NOT", "EXISTS"});
  KALAM_ASSIGN_OR_RETURN(StorageId id, ParseStorageId(ts));
  CreateStorage c(std::move(id));
  c.if_not_exists = if_not_exists;
  KALAM_RETURN_IF_ERROR(ParseOptions(ts, /*commas=*/false, /*allow_type=*/true, c.options));
  return Statement(std::move(c));
}

Result<Statement> ParseAlterStorage(TokenStream& ts) {
  KALAM_ASSIGN_OR_RETURN(StorageId id, ParseStorageId(ts));
  AlterStorage a(std::move(id));
  KALAM_RETURN_IF_ERROR(ts.Expect("SET"));
  KALAM_RETURN_IF_ERROR(ParseOptions(ts, /*commas=*/true, /*allow_type=*/false, a.options));
  if (a.options.empty()) return ts.SyntaxError();
  return Statement(std::move(a));
}

Result<Statement> ParseDropStorage(TokenStream& ts) {
  bool if_exists = ts.AcceptAll({"IF", "EXISTS"});
  KALAM_ASSIGN_OR_RETURN(StorageId id, ParseStorageId(ts));
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(DropStorage(std::move(id), if_exists));
}

Result<Statement> ParseShowStorages(TokenStream& ts) {
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(ShowStorages{});
}

}  // namespace kalam::sql::internal
