#include <fmt/format.h>

#include "exec/handlers/handlers.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteUseNamespace(const sql::UseNamespace& stmt, ExecContext& ctx,
                                            Session& session) {
  if (stmt.name.value() != "system") {
    KALAM_RETURN_IF_ERROR(ctx.catalog->namespaces().Get(stmt.name));
  }
  session.current_namespace = stmt.name;
  StatementResult result;
  result.message = fmt::format("Using namespace '{}'.", stmt.name);
  return result;
}

}  // namespace kalam::exec::handlers
