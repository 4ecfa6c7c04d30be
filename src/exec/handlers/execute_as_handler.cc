#include <fmt/format.h>

#include "exec/handlers/handlers.h"
#include "sql/parser.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteExecuteAs(const sql::ExecuteAs& stmt, ExecContext& ctx, Session& session,
                                         const StatementRunner& run) {
  KALAM_RETURN_IF_ERROR(Permit(session, catalog::Action::kExecuteAs, catalog::ObjectKind::kUser, "EXECUTE AS another user"));
  auto user = ctx.catalog->users().Get(stmt.user);
  if (!user || user->deleted_at_us) {
    return Status(ErrorCode::kInvalidParameter, fmt::format("role \"{}\" does not exist", stmt.user));
  }
  auto inner = sql::ParseStatement(stmt.statement);
  if (!inner.ok()) {
    Status e = inner.error();
    if (e.position()) e = e.WithPosition(static_cast<int>(stmt.statement_offset) + *e.position());
    return e;
  }
  if (sql::KindOf(*inner) == sql::StatementKind::kExecuteAs) {
    return Status(ErrorCode::kFeatureNotSupported, "EXECUTE AS cannot be nested");
  }
  // The inner statement sees exactly what that user would see, with that user's role.
  Session as_user;
  as_user.caller = Caller{user->username, user->role, session.caller.client_addr};
  as_user.current_namespace = session.current_namespace;
  return run(*inner, as_user);
}

}  // namespace kalam::exec::handlers
