#include <fmt/format.h>

#include "catalog/flush_policy.h"
#include "catalog/table_families.h"
#include "exec/handlers/handlers.h"
#include "exec/handlers/table_support.h"
#include "objstore/object_store.h"
#include "store/cold_index.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteCreateTable(const sql::CreateTable& stmt, ExecContext& ctx, Session& session) {
  KALAM_RETURN_IF_ERROR(Permit(session, catalog::Action::kCreate, catalog::ObjectKind::kTable, "create tables"));
  KALAM_ASSIGN_OR_RETURN(NamespaceId ns, ResolveNamespace(stmt.table, ctx, session));
  KALAM_RETURN_IF_ERROR(RefuseReservedNamespace(ns));
  catalog::TableRecord table(TableId{ns, stmt.table.name});
  table.type = stmt.type;
  for (const auto& spec : stmt.columns) {
    catalog::ColumnDef c;
    c.column_id = table.next_column_id++;
    c.name = spec.name;
    c.type = spec.type;
    c.nullable = !spec.not_null && !spec.primary_key;
    c.primary_key = spec.primary_key;
    c.default_kind = spec.default_kind;
    c.default_literal = spec.default_literal;
    table.columns.push_back(std::move(c));
  }
  table.storage_id = stmt.options.storage_id.value_or(std::string(catalog::StorageCatalog::kLocal));
  auto storage_id = StorageId::Parse(table.storage_id);
  if (!storage_id.ok() || !ctx.catalog->storages().Get(*storage_id)) {
    return Status(ErrorCode::kInvalidParameter,
                  fmt::format("storage \"{}\" does not exist", table.storage_id));
  }
  table.flush_policy = stmt.options.flush_policy.value_or("");
  KALAM_RETURN_IF_ERROR(catalog::ParseFlushPolicy(table.flush_policy).status());
  table.ttl_seconds = stmt.options.ttl_seconds;
  table.access_level = stmt.options.access_level.value_or(AccessLevel::kPrivate);
  table.use_user_storage = stmt.options.use_user_storage;
  table.created_at_us = table.updated_at_us = ctx.clock->NowMicros();

  StatementResult result;
  if (ctx.catalog->tables().Get(table.id)) {
    if (!stmt.if_not_exists) {
      return Status(ErrorCode::kAlreadyExists, fmt::format("relation \"{}\" already exists", table.id));
    }
    result.message = fmt::format("Table '{}' already exists, skipping.", table.id);
    return result;
  }
  // Column families first: a catalog entry never points at missing storage. Cold-storage state
  // a flush of an earlier table of this name left behind (it ran into its DROP) goes first.
  for (const auto& family : catalog::FamiliesOf(table, ctx.user_shards)) {
    KALAM_RETURN_IF_ERROR(ctx.store->DropColumnFamily(store::ColdIndexFamily(family)));
    KALAM_RETURN_IF_ERROR(ctx.store->EnsureColumnFamily(family));
  }
  if (ctx.manifests != nullptr) {
    KALAM_ASSIGN_OR_RETURN(auto stale, ctx.manifests->DropOps(table.id));
    if (!stale.empty()) KALAM_RETURN_IF_ERROR(ctx.store->Write(stale, /*sync=*/true));
  }
  // A SHARED table's directory exists from the start (CONTRACT §4).
  if (table.type == TableType::kShared) {
    for (const auto& dir : cold::TableDirectories(table, *ctx.catalog)) {
      auto files = objstore::Open(dir.storage);
      if (files.ok()) KALAM_RETURN_IF_ERROR((*files)->EnsureDirectory(dir.path));
    }
  }
  KALAM_ASSIGN_OR_RETURN(bool created, ctx.catalog->tables().Create(table, stmt.if_not_exists));
  result.message = created ? fmt::format("Table '{}' created.", table.id)
                           : fmt::format("Table '{}' already exists, skipping.", table.id);
  if (created) result.audit = AuditNote{"CREATE TABLE", table.id.ToString(), std::string(ToString(table.type))};
  return result;
}

}  // namespace kalam::exec::handlers
