#include <fmt/format.h>

#include "exec/handlers/handlers.h"
#include "exec/handlers/storage_support.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteAlterStorage(const sql::AlterStorage& stmt, ExecContext& ctx, Session& session) {
  KALAM_RETURN_IF_ERROR(Permit(session, catalog::Action::kAlter, catalog::ObjectKind::kStorage, "alter storages"));
  auto storage = ctx.catalog->storages().Get(stmt.id);
  if (!storage) return Status(ErrorCode::kInvalidParameter, fmt::format("storage \"{}\" does not exist", stmt.id));
  KALAM_RETURN_IF_ERROR(ApplyStorageOptions(stmt.options, *storage));
  storage->updated_at_us = ctx.clock->NowMicros();
  KALAM_RETURN_IF_ERROR(ctx.catalog->storages().Put(*storage));
  if (storage->type == StorageType::kFilesystem) ctx.engine->AllowDirectory(storage->uri);
  StatementResult result;
  result.message = fmt::format("Storage '{}' altered.", stmt.id);
  result.audit = AuditNote{"ALTER STORAGE", stmt.id.value(), ""};
  return result;
}

}  // namespace kalam::exec::handlers
