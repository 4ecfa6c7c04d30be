#include "catalog/system_storages.h"

#include <algorithm>

#include "catalog/permissions.h"
#include "common/path_template.h"

namespace kalam::catalog {

std::vector<StorageRecord> StorageCatalog::List() const {
  std::vector<StorageRecord> all = table_.List();  // by id
  std::stable_partition(all.begin(), all.end(), [](const StorageRecord& s) { return s.id.value() == kLocal; });
  return all;
}

Status StorageCatalog::EnsureLocal(const std::string& uri, int64_t now_us) {
  StorageRecord local(StorageId::Parse(kLocal).value());
  if (auto existing = Get(local.id)) {
    // {data_path}/storage wherever the data directory is now: moved, or restored from a backup of
    // another server (file paths in manifests are relative to the storage).
    if (existing->uri == uri) return Status::OK();
    existing->uri = uri;
    existing->updated_at_us = now_us;
    return Put(*existing);
  }
  local.name = "Local storage";
  local.description = "Files below the data directory";
  local.type = StorageType::kFilesystem;
  local.uri = uri;
  local.shared_tables_template = std::string(DefaultTemplate(TemplateKind::kShared));
  local.user_tables_template = std::string(DefaultTemplate(TemplateKind::kUser));
  local.created_at_us = local.updated_at_us = now_us;
  return Insert(local).status();
}

SystemTable MakeStoragesTable(const StorageCatalog* storages) {
  SystemTable t;
  t.name = "storages";
  const DataType text = DataType::Of(TypeId::kText);
  const DataType time = DataType::Of(TypeId::kTimestamp);
  t.columns = {
      {"storage_id", text, {"pk", "nn"}},   {"storage_name", text, {"nn"}},
      {"description", text, {"nn"}},        {"storage_type", text, {"nn"}},
      {"uri", text, {"nn"}},                {"credentials", DataType::Of(TypeId::kJson), {}},
      {"shared_tables_template", text, {"nn"}}, {"user_tables_template", text, {"nn"}},
      {"created_at", time, {"nn"}},         {"updated_at", time, {"nn"}},
  };
  t.any_role = true;
  t.rows = [storages](const Caller& caller) -> Result<std::vector<Row>> {
    const bool secrets = Allowed(caller.role, Action::kAlter, ObjectKind::kStorage);
    std::vector<Row> rows;
    for (const auto& s : storages->List()) {
      Value credentials = secrets && !s.credentials.empty() ? Value(s.credentials) : Value();
      rows.push_back(Row{s.id.value(), s.name, s.description, std::string(ToString(s.type)), s.uri,
                         std::move(credentials), s.shared_tables_template, s.user_tables_template,
                         s.created_at_us, s.updated_at_us});
    }
    return rows;
  };
  return t;
}

}  // namespace kalam::catalog
