#include <fmt/format.h>

#include "sql/internal/parsers.h"

namespace kalam::sql::internal {

Result<NamespaceId> ParseNamespaceName(TokenStream& ts) {
  const Token& t = ts.Peek();
  KALAM_ASSIGN_OR_RETURN(std::string name, ts.ExpectIdentifier());
  auto id = NamespaceId::Parse(name);
  if (!id.ok()) return ts.ErrorAt(t, ErrorCode::kInvalidParameter, id.error().message());
  return std::move(id).value();
}

Result<Statement> ParseCreateNamespace(TokenStream& ts) {
  bool if_not_exists = ts.AcceptAll({"IF", "NOT", "EXISTS"});
  const Token& name_token = ts.Peek();
  KALAM_ASSIGN_OR_RETURN(NamespaceId name, ParseNamespaceName(ts));
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  if (name.IsReserved()) {
    return ts.ErrorAt(name_token, ErrorCode::kInvalidParameter,
                      fmt::format("namespace name \"{}\" is reserved", name.value()));
  }
  return Statement(CreateNamespace{std::move(name), if_not_exists});
}

Result<Statement> ParseDropNamespace(TokenStream& ts) {
  bool if_exists = ts.AcceptAll({"IF", "EXISTS"});
  KALAM_ASSIGN_OR_RETURN(NamespaceId name, ParseNamespaceName(ts));
  bool cascade = ts.Accept("CASCADE");
  if (!cascade) ts.Accept("RESTRICT");
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(DropNamespace{std::move(name), if_exists, cascade});
}

Result<Statement> ParseUseNamespace(TokenStream& ts) {
  if (!ts.Accept("NAMESPACE")) ts.Accept("SCHEMA");
  KALAM_ASSIGN_OR_RETURN(NamespaceId name, ParseNamespaceName(ts));
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(UseNamespace{std::move(name)});
}

Result<Statement> ParseShowNamespaces(TokenStream& ts) {
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(ShowNamespaces{});
}

}  // namespace kalam::sql::internal
