#include <fmt/format.h>

#include "common/ids.h"
#include "exec/handlers/handlers.h"
#include "exec/handlers/user_support.h"

namespace kalam::exec::handlers {
namespace {

using sql::UserField;

std::string_view FieldName(UserField field) {
  switch (field) {
    case UserField::kPassword: return "password";
    case UserField::kRole: return "role";
    case UserField::kEmail: return "email";
    case UserField::kStorageMode: return "storage_mode";
    case UserField::kStorageId: return "storage_id";
  }
  return "?";
}

/// Applies the change to the record; INVALID_PARAMETER for a bad value.
Status Apply(const sql::AlterUser& stmt, catalog::UserRecord& user, ExecContext& ctx) {
  switch (stmt.field) {
    case UserField::kPassword: {
      KALAM_ASSIGN_OR_RETURN(user.password_hash, NewPasswordHash(stmt.value, ctx));
      // A new password (e.g. set by a dba after a lockout) unlocks the account.
      user.failed_logins = 0;
      user.locked_until_us.reset();
      return Status::OK();
    }
    case UserField::kRole:
      if (user.role == Role::kSystem) {
        return Status(ErrorCode::kPermissionDenied,
                      fmt::format("the role of system user \"{}\" cannot be changed", user.username));
      }
      user.role = stmt.role;
      return Status::OK();
    case UserField::kEmail:
      if (!stmt.value.empty() && stmt.value.find('@') == std::string::npos) {
        return Status(ErrorCode::kInvalidParameter, fmt::format("invalid email \"{}\"", stmt.value));
      }
      user.email = stmt.value.empty() ? std::nullopt : std::optional<std::string>(stmt.value);
      return Status::OK();
    case UserField::kStorageMode:
      if (stmt.value != "table" && stmt.value != "region") {
        return Status(ErrorCode::kInvalidParameter,
                      fmt::format("invalid storage mode \"{}\" (expected 'table' or 'region')", stmt.value));
      }
      user.storage_mode = stmt.value;
      return Status::OK();
    case UserField::kStorageId: {
      if (stmt.value.empty()) {
        user.storage_id.reset();
        return Status::OK();
      }
      KALAM_ASSIGN_OR_RETURN(StorageId id, StorageId::Parse(stmt.value));
      if (!ctx.catalog->storages().Get(id)) {
        return Status(ErrorCode::kInvalidParameter, fmt::format("storage \"{}\" does not exist", id));
      }
      user.storage_id = id.value();
      return Status::OK();
    }
  }
  return Status(ErrorCode::kInternal, "unknown ALTER USER field");
}

}  // namespace

Result<StatementResult> ExecuteAlterUser(const sql::AlterUser& stmt, ExecContext& ctx, Session& session) {
  const bool own_password = stmt.field == UserField::kPassword && stmt.name == session.caller.username;
  KALAM_RETURN_IF_ERROR(own_password ? Permit(session, catalog::Action::kAlter, catalog::ObjectKind::kOwnAccount,
                                              "change this password")
                                     : Permit(session, catalog::Action::kAlter, catalog::ObjectKind::kUser,
                                              "alter users"));
  KALAM_ASSIGN_OR_RETURN(catalog::UserRecord user, ActiveUser(stmt.name, ctx));
  if (!own_password) KALAM_RETURN_IF_ERROR(RequireMayManage(user, session, "alter"));
  KALAM_RETURN_IF_ERROR(Apply(stmt, user, ctx));
  user.updated_at_us = ctx.clock->NowMicros();
  KALAM_RETURN_IF_ERROR(ctx.catalog->users().Put(user));
  StatementResult result;
  result.message = fmt::format("User '{}' altered.", stmt.name);
  std::string details = fmt::format("set {}", FieldName(stmt.field));
  if (stmt.field == UserField::kRole) details += fmt::format("={}", ToString(stmt.role));
  result.audit = AuditNote{"ALTER USER", stmt.name.value(), std::move(details)};
  return result;
}

}  // namespace kalam::exec::handlers
