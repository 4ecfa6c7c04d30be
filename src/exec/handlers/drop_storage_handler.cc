#include <fmt/format.h>

#include "exec/handlers/handlers.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteDropStorage(const sql::DropStorage& stmt, ExecContext& ctx, Session& session) {
  KALAM_RETURN_IF_ERROR(Permit(session, catalog::Action::kDrop, catalog::ObjectKind::kStorage, "drop storages"));
  StatementResult result;
  if (!ctx.catalog->storages().Get(stmt.id)) {
    if (!stmt.if_exists) {
      return Status(ErrorCode::kInvalidParameter, fmt::format("storage \"{}\" does not exist", stmt.id));
    }
    result.message = fmt::format("Storage '{}' does not exist, skipping.", stmt.id);
    return result;
  }
  if (stmt.id.value() == catalog::StorageCatalog::kLocal) {
    return Status(ErrorCode::kObjectInUse, "storage \"local\" cannot be dropped");
  }
  for (const auto& table : ctx.catalog->tables().List()) {
    if (table.storage_id == stmt.id.value()) {
      return Status(ErrorCode::kObjectInUse,
                    fmt::format("cannot drop storage \"{}\": table {} uses it", stmt.id, table.id));
    }
  }
  for (const auto& user : ctx.catalog->users().List()) {
    if (user.IsActive() && user.storage_id == stmt.id.value()) {
      return Status(ErrorCode::kObjectInUse,
                    fmt::format("cannot drop storage \"{}\": user {} uses it", stmt.id, user.username));
    }
  }
  KALAM_RETURN_IF_ERROR(ctx.catalog->storages().Remove(stmt.id).status());
  result.message = fmt::format("Storage '{}' dropped.", stmt.id);
  result.audit = AuditNote{"DROP STORAGE", stmt.id.value(), ""};
  return result;
}

}  // namespace kalam::exec::handlers
