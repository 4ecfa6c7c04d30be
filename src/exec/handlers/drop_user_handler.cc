#include <fmt/format.h>

#include "exec/handlers/handlers.h"
#include "exec/handlers/user_support.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteDropUser(const sql::DropUser& stmt, ExecContext& ctx, Session& session) {
  KALAM_RETURN_IF_ERROR(Permit(session, catalog::Action::kDrop, catalog::ObjectKind::kUser, "drop users"));
  if (stmt.name.value() == "root") {
    return Status(ErrorCode::kPermissionDenied, "the root user cannot be dropped");
  }
  StatementResult result;
  auto user = ActiveUser(stmt.name, ctx);
  if (!user.ok()) {
    if (!stmt.if_exists) return user.error();
    result.message = fmt::format("User '{}' does not exist, skipping.", stmt.name);
    return result;
  }
  KALAM_RETURN_IF_ERROR(RequireMayManage(*user, session, "drop"));
  // The record stays (system.users shows deleted_at); it can no longer log in, and every token
  // issued to it stops working at once.
  user->deleted_at_us = user->updated_at_us = ctx.clock->NowMicros();
  user->password_hash.clear();
  KALAM_RETURN_IF_ERROR(ctx.catalog->users().Put(*user));
  result.message = fmt::format("User '{}' dropped.", stmt.name);
  result.audit = AuditNote{"DROP USER", stmt.name.value(), ""};
  return result;
}

}  // namespace kalam::exec::handlers
