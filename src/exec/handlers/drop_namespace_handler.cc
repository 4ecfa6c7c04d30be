#include <fmt/format.h>

#include "exec/handlers/handlers.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteDropNamespace(const sql::DropNamespace& stmt, ExecContext& ctx,
                                             Session& session) {
  KALAM_RETURN_IF_ERROR(Permit(session, catalog::Action::kDrop, catalog::ObjectKind::kNamespace, "drop namespaces"));
  if (ctx.catalog->namespaces().Exists(stmt.name)) {
    auto tables = ctx.catalog->tables().ListIn(stmt.name);
    if (!tables.empty() && !stmt.cascade) {
      return Status(ErrorCode::kDependentObjectsStillExist,
                    fmt::format("cannot drop namespace {} because other objects depend on it: {} "
                                "table(s); use DROP NAMESPACE ... CASCADE",
                                stmt.name, tables.size()));
    }
    for (const auto& table : tables) KALAM_RETURN_IF_ERROR(DropTableData(table, ctx));
  }
  KALAM_ASSIGN_OR_RETURN(bool dropped, ctx.catalog->namespaces().Drop(stmt.name, stmt.if_exists));
  if (dropped && session.current_namespace == stmt.name) session.current_namespace.reset();
  StatementResult result;
  if (dropped) result.audit = AuditNote{"DROP NAMESPACE", stmt.name.value(), stmt.cascade ? "cascade" : ""};
  result.message = dropped ? fmt::format("Namespace '{}' dropped.", stmt.name)
                           : fmt::format("Namespace '{}' does not exist, skipping.", stmt.name);
  return result;
}

}  // namespace kalam::exec::handlers
