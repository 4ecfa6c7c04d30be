#include "cold/locations.h"

#include <fmt/format.h>

#include "common/path_template.h"
#include "common/shard.h"
#include "objstore/object_store.h"

namespace kalam::cold {
namespace {

Result<catalog::StorageRecord> StorageNamed(const std::string& storage_id, const catalog::Catalog& catalog) {
  auto id = StorageId::Parse(storage_id);
  std::optional<catalog::StorageRecord> storage;
  if (id.ok()) storage = catalog.storages().Get(*id);
  if (!storage) return Status(ErrorCode::kInvalidParameter, fmt::format("storage \"{}\" does not exist", storage_id));
  return *storage;
}

}  // namespace

Result<TableDirectory> UserFileLocation(const catalog::TableRecord& table, const UserId& user,
                                        const catalog::Catalog& catalog, int user_shards) {
  std::string storage_id = table.storage_id;
  if (table.use_user_storage) {
    auto record = catalog.users().GetActive(user);
    if (record && record->storage_mode == "region" && record->storage_id) storage_id = *record->storage_id;
  }
  KALAM_ASSIGN_OR_RETURN(catalog::StorageRecord storage, StorageNamed(storage_id, catalog));
  const TemplateValues values{table.id.ns.value(), table.id.name.value(),
                              fmt::format("shard-{}", ShardOf(user.value(), user_shards)), user.value()};
  std::string path = ExpandTemplate(storage.user_tables_template, values);
  return TableDirectory{std::move(storage), std::move(path)};
}

Result<TableDirectory> SharedFileLocation(const catalog::TableRecord& table, const catalog::Catalog& catalog) {
  KALAM_ASSIGN_OR_RETURN(catalog::StorageRecord storage, StorageNamed(table.storage_id, catalog));
  const TemplateValues values{table.id.ns.value(), table.id.name.value(), "", ""};
  std::string path = ExpandTemplate(storage.shared_tables_template, values);
  return TableDirectory{std::move(storage), std::move(path)};
}

Result<TableDirectory> PartitionLocation(const catalog::TableRecord& table, const std::string& scope,
                                         const catalog::Catalog& catalog, int user_shards) {
  if (table.IsPerUser()) return UserFileLocation(table, UserId(scope), catalog, user_shards);
  return SharedFileLocation(table, catalog);
}

Segment NewSegment(const catalog::TableRecord& table, const TableDirectory& where, int64_t batch, int64_t now_us) {
  Segment segment;
  segment.batch = batch;
  segment.storage_id = where.storage.id.value();
  segment.path = fmt::format("{}/batch-{}.parquet", where.path, batch);
  segment.created_at_us = now_us;
  for (const auto& c : table.columns) segment.columns.push_back(SegmentColumn{c.column_id, c.name});
  return segment;
}

Status ExportManifest(const TableDirectory& where, const Manifest& manifest) {
  KALAM_ASSIGN_OR_RETURN(auto files, objstore::Open(where.storage));
  return files->Put(where.path + "/manifest.json", ManifestStore::ToJson(manifest));
}

std::vector<TableDirectory> TableDirectories(const catalog::TableRecord& table, const catalog::Catalog& catalog) {
  std::vector<TableDirectory> out;
  const TemplateValues values{table.id.ns.value(), table.id.name.value(), "", ""};
  auto add = [&](const std::string& storage_id) {
    auto id = StorageId::Parse(storage_id);
    if (!id.ok()) return;
    auto storage = catalog.storages().Get(*id);
    if (!storage) return;
    std::string path = table.type == TableType::kShared
                           ? ExpandTemplate(storage->shared_tables_template, values)
                           : TableRootOf(storage->user_tables_template, values);
    for (const auto& d : out) {
      if (d.storage.id == storage->id && d.path == path) return;
    }
    out.push_back(TableDirectory{*storage, std::move(path)});
  };
  switch (table.type) {
    case TableType::kShared:
      add(table.storage_id);
      break;
    case TableType::kUser:
      add(table.storage_id);
      if (table.use_user_storage) {
        for (const auto& user : catalog.users().List()) {
          if (user.storage_mode == "region" && user.storage_id) add(*user.storage_id);
        }
      }
      break;
    case TableType::kStream:
    case TableType::kSystem:
      break;
  }
  return out;
}

}  // namespace kalam::cold
