#pragma once

#include <optional>
#include <vector>

#include "catalog/record_table.h"
#include "catalog/storage_record.h"

namespace kalam::catalog {

/// The storages (system.storages). Thread-safe.
class StorageCatalog {
 public:
  /// The storage every table uses unless it names another; created at first start.
  static constexpr std::string_view kLocal = "local";

  StorageCatalog(store::Store* store, serde::Format format) : table_(store, format, "storage/") {}

  Status Load() { return table_.Load(); }
  std::optional<StorageRecord> Get(const StorageId& id) const { return table_.Get(id.value()); }
  /// `local` first, then by id.
  std::vector<StorageRecord> List() const;
  Status Put(const StorageRecord& storage) { return table_.Put(storage); }
  /// Creates the storage only when absent; false when it existed.
  Result<bool> Insert(const StorageRecord& storage) { return table_.Insert(storage); }
  Result<bool> Remove(const StorageId& id) { return table_.Remove(id.value()); }
  /// Creates `local` (filesystem, `uri`, default templates) when it does not exist yet; points it
  /// at `uri` when it exists elsewhere (a moved data directory, a restore from another server).
  Status EnsureLocal(const std::string& uri, int64_t now_us);

 private:
  RecordTable<StorageRecord> table_;
};

}  // namespace kalam::catalog
