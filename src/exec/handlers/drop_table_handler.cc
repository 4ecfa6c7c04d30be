#include <fmt/format.h>

#include "catalog/table_families.h"
#include "exec/handlers/handlers.h"
#include "exec/handlers/table_support.h"
#include "live/live_manager.h"
#include "objstore/object_store.h"

namespace kalam::exec::handlers {

Status DropTableData(const catalog::TableRecord& table, ExecContext& ctx) {
  const std::vector<cold::TableDirectory> directories = cold::TableDirectories(table, *ctx.catalog);  // before the record goes
  KALAM_RETURN_IF_ERROR(ctx.catalog->tables().Remove(table.id));
  if (ctx.live != nullptr) ctx.live->EndTable(table.id);
  // Its families' changes are no longer logged (a table made again under the name starts unwatched).
  auto of_table = [&](std::string_view family) { return catalog::IsFamilyOf(std::string(family), table); };
  if (ctx.writers != nullptr) KALAM_RETURN_IF_ERROR(ctx.writers->Unwatch(of_table));
  for (const auto& family : ctx.store->ColumnFamilies()) {
    // Row families and their cold indexes (`cold.<family>`).
    std::string_view rows = family;
    if (rows.starts_with("cold.")) rows.remove_prefix(5);
    if (catalog::IsFamilyOf(std::string(rows), table)) KALAM_RETURN_IF_ERROR(ctx.store->DropColumnFamily(family));
  }
  if (ctx.manifests != nullptr) {
    KALAM_ASSIGN_OR_RETURN(auto ops, ctx.manifests->DropOps(table.id));
    if (!ops.empty()) KALAM_RETURN_IF_ERROR(ctx.store->Write(ops, /*sync=*/true));
  }
  for (const auto& dir : directories) {
    auto files = objstore::Open(dir.storage);
    if (!files.ok()) continue;
    KALAM_RETURN_IF_ERROR((*files)->DeleteTree(dir.path));
    if (ctx.files != nullptr) ctx.files->Evict(dir.storage, dir.path);
  }
  return Status::OK();
}

Result<StatementResult> ExecuteDropTable(const sql::DropTable& stmt, ExecContext& ctx, Session& session) {
  KALAM_RETURN_IF_ERROR(Permit(session, catalog::Action::kDrop, catalog::ObjectKind::kTable, "drop tables"));
  StatementResult result;
  auto table = ResolveTable(stmt.table, ctx, session);
  if (!table.ok()) {
    bool missing = table.error().code() == ErrorCode::kTableNotFound ||
                   table.error().code() == ErrorCode::kNamespaceNotFound;
    if (!stmt.if_exists || !missing) return table.error();
    result.message = fmt::format("Table '{}' does not exist, skipping.", stmt.table.name);
    return result;
  }
  KALAM_RETURN_IF_ERROR(RefuseReservedNamespace(table->id.ns));
  KALAM_RETURN_IF_ERROR(DropTableData(*table, ctx));
  result.message = fmt::format("Table '{}' dropped.", table->id);
  result.audit = AuditNote{"DROP TABLE", table->id.ToString(), ""};
  return result;
}

}  // namespace kalam::exec::handlers
