// CREATE USER and DROP USER. TODO(#4): ALTER USER, lockout, audit log.
#include <fmt/format.h>

#include "exec/handlers/handlers.h"

namespace kalam::exec::handlers {
namespace {
constexpr size_t kMinPasswordLength = 8;
}  // namespace

Result<StatementResult> ExecuteCreateUser(const sql::CreateUser& stmt, ExecContext& ctx, Session& session) {
  KALAM_RETURN_IF_ERROR(Permit(session, catalog::Action::kCreate, catalog::ObjectKind::kUser, "create users"));
  if (stmt.password.size() < kMinPasswordLength) {
    return Status(ErrorCode::kInvalidParameter,
                  fmt::format("password must be at least {} characters", kMinPasswordLength));
  }
  if (ctx.catalog->users().Get(stmt.name)) {
    return Status(ErrorCode::kAlreadyExists, fmt::format("role \"{}\" already exists", stmt.name));
  }
  catalog::UserRecord user;
  user.username = stmt.name;
  user.role = stmt.role;
  user.email = stmt.email;
  KALAM_ASSIGN_OR_RETURN(user.password_hash, ctx.hash_password(stmt.password));
  user.created_at_us = user.updated_at_us = ctx.clock->NowMicros();
  KALAM_ASSIGN_OR_RETURN(bool inserted, ctx.catalog->users().Insert(user));
  if (!inserted) return Status(ErrorCode::kAlreadyExists, fmt::format("role \"{}\" already exists", stmt.name));
  StatementResult result;
  result.message = fmt::format("User '{}' created.", stmt.name);
  return result;
}

Result<StatementResult> ExecuteDropUser(const sql::DropUser& stmt, ExecContext& ctx, Session& session) {
  KALAM_RETURN_IF_ERROR(Permit(session, catalog::Action::kDrop, catalog::ObjectKind::kUser, "drop users"));
  if (stmt.name.value() == "root") {
    return Status(ErrorCode::kPermissionDenied, "the root user cannot be dropped");
  }
  KALAM_ASSIGN_OR_RETURN(bool removed, ctx.catalog->users().Remove(stmt.name));
  if (!removed && !stmt.if_exists) {
    return Status(ErrorCode::kInvalidParameter, fmt::format("role \"{}\" does not exist", stmt.name));
  }
  StatementResult result;
  result.message = removed ? fmt::format("User '{}' dropped.", stmt.name)
                           : fmt::format("User '{}' does not exist, skipping.", stmt.name);
  return result;
}

}  // namespace kalam::exec::handlers
