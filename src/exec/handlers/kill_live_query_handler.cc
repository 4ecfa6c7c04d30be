#include <fmt/format.h>

#include "exec/handlers/handlers.h"
#include "live/live_manager.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteKillLiveQuery(const sql::KillLiveQuery& stmt, ExecContext& ctx, Session& session) {
  if (ctx.live == nullptr) return Status(ErrorCode::kFeatureNotSupported, "live queries are not running");
  KALAM_RETURN_IF_ERROR(ctx.live->Kill(LiveQueryId(stmt.live_id), session.caller));
  StatementResult result;
  result.message = fmt::format("Live query {} killed.", stmt.live_id);
  return result;
}

}  // namespace kalam::exec::handlers
