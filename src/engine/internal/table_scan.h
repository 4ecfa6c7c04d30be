#pragma once

#include <atomic>

#include "catalog/catalog.h"
#include "cold/file_cache.h"
#include "cold/manifest.h"
#include "common/clock.h"
#include "common/status.h"
#include "duckdb.hpp"
#include "engine/session_registry.h"
#include "store/store.h"

namespace kalam::engine::internal {

/// Everything the scan reads; owned by the engine, alive as long as the database.
struct ScanContext {
  const catalog::Catalog* catalog = nullptr;
  const store::Store* store = nullptr;
  SessionRegistry* sessions = nullptr;
  const Clock* clock = nullptr;
  int user_shards = 1;
  const cold::ManifestStore* manifests = nullptr;
  cold::FileCache* files = nullptr;
  /// Counts kalam_scan bindings (scans of a KalamDB table planned); for tests and metrics.
  std::atomic<uint64_t>* table_scans = nullptr;
  /// Counts the hot row versions the scans stepped over; for tests and metrics.
  std::atomic<uint64_t>* hot_rows_scanned = nullptr;
};

/// Registers the table functions behind every KalamDB table:
/// - `kalam_scan(ns, table)`: the rows of a KalamDB table that the connection's caller may see —
///   for USER and STREAM tables only the caller's own partition, whatever the role. Columns are
///   the declared ones plus `_seq` and `_deleted`. With no flushed files this is a scan of the hot
///   rows; otherwise it binds to the union of `kalam_hot` and the Parquet files of the caller's
///   manifest, keeping the newest `_seq` per primary key and dropping tombstones. Hot rows and
///   manifest are read from the query's one store snapshot.
/// - `kalam_hot(ns, table, user)`: the hot row versions of the caller's partition, tombstones
///   included (`user` must be '' unless the caller is the system role: flush reads any user).
/// Filters on the primary key — `pk = c`, `pk IN (…)`, and for BIGINT and TEXT keys `<`, `<=`, `>`,
/// `>=`, BETWEEN — become RocksDB seeks to the keys they allow instead of a partition scan. Deleted
/// (and, for STREAM, expired) rows never appear in kalam_scan.
Status RegisterTableScan(duckdb::Connection& admin, const ScanContext* ctx);

/// The SELECT list of a table's columns plus `_seq`, `_deleted`, quoted for SQL text.
std::string ScanColumnList(const catalog::TableRecord& table);

/// A local path DuckDB can open for a segment's file (downloading a remote one into the cache).
Result<std::string> LocalPathOf(const cold::Segment& segment, const ScanContext& ctx);

/// SQL reading the segments' files (at `local_paths`, same order) as rows of ScanColumnList:
/// columns under their current names, columns added after a file was written filled with their
/// value for older rows.
std::string ColdFilesSql(const catalog::TableRecord& table, const std::vector<cold::Segment>& segments,
                         const std::vector<std::string>& local_paths);

/// `QUALIFY ...`: keeps the newest version of each primary key and drops it if it is a tombstone.
std::string NewestVersionFilter(const catalog::TableRecord& table);

/// SQL reading (as ScanColumnList) the flushed rows that are the current version of their key
/// and whose key is not among `hot_keys` (SQL of one column named `__key`): every row of a file
/// except tombstones and rows whose key is hot or also in a newer file flagged `overlaps_older`
/// (a newer file's version is newer). Hash anti-joins, no sort.
std::string CurrentColdSql(const catalog::TableRecord& table, const std::vector<cold::Segment>& segments,
                           const std::vector<std::string>& local_paths, const std::string& hot_keys);

}  // namespace kalam::engine::internal
