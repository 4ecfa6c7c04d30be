#include "exec/handlers/handlers.h"
#include "exec/statement_cache.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteClearCache(const sql::ClearCache&, ExecContext& ctx, Session& session) {
  KALAM_RETURN_IF_ERROR(Permit(session, catalog::Action::kDrop, catalog::ObjectKind::kCache, "clear caches"));
  if (ctx.statement_cache != nullptr) ctx.statement_cache->Clear();
  ctx.engine->ClearCaches();
  StatementResult result;
  result.message = "Caches cleared.";
  return result;
}

}  // namespace kalam::exec::handlers
