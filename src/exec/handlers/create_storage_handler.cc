#include <fmt/format.h>

#include "common/path_template.h"
#include "exec/handlers/handlers.h"
#include "exec/handlers/storage_support.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteCreateStorage(const sql::CreateStorage& stmt, ExecContext& ctx, Session& session) {
  KALAM_RETURN_IF_ERROR(Permit(session, catalog::Action::kCreate, catalog::ObjectKind::kStorage, "create storages"));
  StatementResult result;
  if (ctx.catalog->storages().Get(stmt.id)) {
    if (!stmt.if_not_exists) {
      return Status(ErrorCode::kAlreadyExists, fmt::format("storage \"{}\" already exists", stmt.id));
    }
    result.message = fmt::format("Storage '{}' already exists, skipping.", stmt.id);
    return result;
  }
  bool has_type = false;
  for (const auto& o : stmt.options) has_type = has_type || o.field == sql::StorageField::kType;
  if (!has_type) return Status(ErrorCode::kInvalidParameter, "CREATE STORAGE needs TYPE 'filesystem' or 's3'");
  catalog::StorageRecord storage(stmt.id);
  storage.name = stmt.id.value();
  storage.shared_tables_template = std::string(DefaultTemplate(TemplateKind::kShared));
  storage.user_tables_template = std::string(DefaultTemplate(TemplateKind::kUser));
  KALAM_RETURN_IF_ERROR(ApplyStorageOptions(stmt.options, storage));
  storage.created_at_us = storage.updated_at_us = ctx.clock->NowMicros();
  KALAM_ASSIGN_OR_RETURN(bool inserted, ctx.catalog->storages().Insert(storage));
  if (!inserted) return Status(ErrorCode::kAlreadyExists, fmt::format("storage \"{}\" already exists", stmt.id));
  // The engine reads flushed files of filesystem storages where they are.
  if (storage.type == StorageType::kFilesystem) ctx.engine->AllowDirectory(storage.uri);
  result.message = fmt::format("Storage '{}' created.", stmt.id);
  result.audit = AuditNote{"CREATE STORAGE", stmt.id.value(), std::string(ToString(storage.type))};
  return result;
}

}  // namespace kalam::exec::handlers
