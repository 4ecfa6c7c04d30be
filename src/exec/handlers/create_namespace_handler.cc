#include <fmt/format.h>

#include "exec/handlers/handlers.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteCreateNamespace(const sql::CreateNamespace& stmt, ExecContext& ctx,
                                               Session& session) {
  KALAM_RETURN_IF_ERROR(Permit(session, catalog::Action::kCreate, catalog::ObjectKind::kNamespace, "create namespaces"));
  KALAM_ASSIGN_OR_RETURN(bool created,
                         ctx.catalog->namespaces().Create(stmt.name, stmt.if_not_exists));
  StatementResult result;
  if (created) result.audit = AuditNote{"CREATE NAMESPACE", stmt.name.value(), ""};
  result.message = created ? fmt::format("Namespace '{}' created.", stmt.name)
                           : fmt::format("Namespace '{}' already exists, skipping.", stmt.name);
  return result;
}

}  // namespace kalam::exec::handlers
