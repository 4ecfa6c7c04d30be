#include <fmt/format.h>

#include "exec/handlers/handlers.h"
#include "exec/handlers/user_support.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteCreateUser(const sql::CreateUser& stmt, ExecContext& ctx, Session& session) {
  KALAM_RETURN_IF_ERROR(Permit(session, catalog::Action::kCreate, catalog::ObjectKind::kUser, "create users"));
  if (ctx.catalog->users().GetActive(stmt.name)) {
    return Status(ErrorCode::kAlreadyExists, fmt::format("role \"{}\" already exists", stmt.name));
  }
  catalog::UserRecord user;
  user.username = stmt.name;
  user.role = stmt.role;
  user.email = stmt.email;
  KALAM_ASSIGN_OR_RETURN(user.password_hash, NewPasswordHash(stmt.password, ctx));
  user.created_at_us = user.updated_at_us = ctx.clock->NowMicros();
  // A dropped user's name may be taken again: its old record (and old tokens) are replaced.
  KALAM_RETURN_IF_ERROR(ctx.catalog->users().Put(user));
  StatementResult result;
  result.message = fmt::format("User '{}' created.", stmt.name);
  result.audit = AuditNote{"CREATE USER", stmt.name.value(), fmt::format("role={}", ToString(stmt.role))};
  return result;
}

}  // namespace kalam::exec::handlers
