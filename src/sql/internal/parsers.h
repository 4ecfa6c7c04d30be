#pragma once

#include "common/status.h"
#include "sql/ast/statement.h"
#include "sql/token_stream.h"

namespace kalam::sql::internal {

// One parse function per statement kind; each starts after the leading keywords the dispatch
// table matched and must consume the whole statement.
Result<Statement> ParseCreateNamespace(TokenStream& ts);
Result<Statement> ParseDropNamespace(TokenStream& ts);
Result<Statement> ParseUseNamespace(TokenStream& ts);
Result<Statement> ParseShowNamespaces(TokenStream& ts);

/// A namespace name; reserved names are allowed here (USE system is harmless).
Result<NamespaceId> ParseNamespaceName(TokenStream& ts);

}  // namespace kalam::sql::internal
