#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/storage_record.h"
#include "catalog/table_record.h"
#include "cold/manifest.h"

namespace kalam::cold {

/// A directory of a table's cold files in one storage (path relative to the storage's uri).
struct TableDirectory {
  catalog::StorageRecord storage;
  std::string path;
};

/// Every directory the table's files may live in (CONTRACT §4): SHARED the expanded shared
/// template; USER the per-table root of the user template in the table's storage and, with
/// USE_USER_STORAGE, in the storage of every user with storage_mode 'region'; STREAM none.
std::vector<TableDirectory> TableDirectories(const catalog::TableRecord& table, const catalog::Catalog& catalog);

/// Where one user's files of a USER table go (CONTRACT §4): the storage of the user when the table
/// has USE_USER_STORAGE, the user's storage_mode is 'region' and its storage_id names a storage;
/// otherwise the table's storage. The path is the storage's user template expanded for the user
/// (`{shard}` = `shard-K`, K = the user's shard). INVALID_PARAMETER when the storage is gone.
Result<TableDirectory> UserFileLocation(const catalog::TableRecord& table, const UserId& user,
                                        const catalog::Catalog& catalog, int user_shards);

/// Where a SHARED table's files go: its storage, the expanded shared template.
Result<TableDirectory> SharedFileLocation(const catalog::TableRecord& table, const catalog::Catalog& catalog);

/// Where a partition's files go: UserFileLocation for a user's partition of a USER table (`scope`
/// = the user), SharedFileLocation for a SHARED table (`scope` = "").
Result<TableDirectory> PartitionLocation(const catalog::TableRecord& table, const std::string& scope,
                                         const catalog::Catalog& catalog, int user_shards);

/// A new segment `batch-N.parquet` in `where`, with the table's current columns (its statistics
/// are for the caller to fill in).
Segment NewSegment(const catalog::TableRecord& table, const TableDirectory& where, int64_t batch, int64_t now_us);

/// Writes `manifest.json` (the exported copy of the manifest) into `where`.
Status ExportManifest(const TableDirectory& where, const Manifest& manifest);

}  // namespace kalam::cold
