#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "cold/file_cache.h"
#include "cold/manifest.h"
#include "common/caller.h"
#include "common/clock.h"
#include "store/store.h"
#include "common/status.h"
#include "common/value.h"

namespace kalam::engine {

struct EngineOptions {
  /// Data directory; the engine may read only below {data_path}/storage and spill to
  /// {data_path}/tmp.
  std::string data_path;
  /// DuckDB threads per query; 0 = one per core.
  int threads = 0;
  /// e.g. "2GB"; empty = DuckDB's default.
  std::string memory_limit;
  /// Connections in the pool = queries that run at once.
  int connections = 8;
  /// How long a query waits for a free connection before PROGRAM_LIMIT_EXCEEDED (429).
  int acquire_timeout_ms = 30000;
  /// Shards of USER tables ([storage] user_shards).
  int user_shards = 4;
  /// Rows of recently read cold files kept decoded for primary-key lookups
  /// ([engine] cold_row_cache_mb); 0 = none.
  int64_t cold_row_cache_bytes = 64LL << 20;
};

/// What a query runs as and against.
struct QueryContext {
  Caller caller;
  /// Namespace for unqualified table names (USE / the request's "namespace").
  std::optional<NamespaceId> default_namespace;
  /// Values for $1, $2, ...
  std::vector<Value> params;
  /// More rows than this is PROGRAM_LIMIT_EXCEEDED.
  int64_t max_rows = 100000;
  /// Which limit max_rows is, for the error: the rows a statement returns, or the rows it reads
  /// to change them (UPDATE, DELETE, INSERT … SELECT).
  enum class RowLimit : uint8_t { kResult, kWrite };
  RowLimit row_limit = RowLimit::kResult;
  /// Read the tables as of this snapshot (a live query's initial data) instead of one taken when
  /// the query starts.
  std::shared_ptr<const store::Snapshot> snapshot = nullptr;
  /// The statement's instant (UTC microseconds), which now(), current_timestamp, current_date and
  /// kin answer — the one the statement's defaults were stamped with. 0: when the query starts.
  int64_t statement_time_us = 0;
};

/// The query engine: DuckDB in-process, sandboxed, reached only through the gate.
/// The only module that includes DuckDB. Thread-safe; each query borrows a pooled connection.
class Engine {
 public:
  /// Opens DuckDB (no extension auto-loading, external access off, configuration locked) and
  /// registers KalamDB's table functions and the system tables of `catalog`.
  /// `catalog`, `store` and `clock` must outlive the engine.
  /// `manifests` and `files` locate the Parquet files of flushed rows; DuckDB may read the
  /// directories of the filesystem storages that exist now and the file cache.
  static Result<std::unique_ptr<Engine>> Open(const EngineOptions& options,
                                              const catalog::Catalog* catalog,
                                              const store::Store* store, const Clock* clock,
                                              const cold::ManifestStore* manifests, cold::FileCache* files);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Runs one query text (a single SELECT-like statement) for the caller after the gate:
  /// PERMISSION_DENIED for anything but a SELECT over readable KalamDB tables and whitelisted
  /// table functions; TABLE_NOT_FOUND / NAMESPACE_NOT_FOUND for unknown relations; SYNTAX_ERROR
  /// with a 1-based `position` within `sql`; engine errors mapped to CONTRACT codes.
  Result<RowSet> Query(std::string_view sql, const QueryContext& ctx);

  /// Answers `sql` with one primary-key read when it is `SELECT cols FROM t WHERE pk = value` (or `IN (…)`)
  /// over a USER or SHARED table (the rows Query would return, see point_lookups()), or by a walk
  /// of the hot store when it is `SELECT cols FROM t [WHERE pk bounds] ORDER BY pk [DESC] LIMIT n`
  /// with n ≤ 1,000, or a key range without LIMIT of at most 1,000 rows (see top_reads()); nullopt
  /// when it needs the planner or a worker. Takes no pooled connection and never
  /// waits for other queries, so it may run on an I/O thread.
  std::optional<Result<RowSet>> TryPointQuery(std::string_view sql, const QueryContext& ctx);

  /// `col` when `sql` has the shape of a primary-key lookup, `SELECT cols FROM t WHERE col = value`
  /// (Query then answers with one read when `col` is t's key); nullopt for anything else, syntax
  /// errors included.
  std::optional<std::string> PointLookupColumn(std::string_view sql);

  /// `SELECT expressions` over one row of `table` (cells of its columns in declared order, as rows
  /// are stored), as `SELECT expressions FROM table` reads that row: columns resolve to the row's
  /// values, also qualified by the table's name (or by `name` when given). Parameters, gate and
  /// errors as in Query. With `excluded`, a second row of the same columns is there too, named
  /// `excluded` (the row an INSERT … ON CONFLICT DO UPDATE proposed): a column both rows have must
  /// then be qualified, as in PostgreSQL. Errors carry no position (the query's text is not the
  /// caller's).
  Result<RowSet> QueryOnRow(const catalog::TableRecord& table, const Row& row,
                            const std::vector<std::string>& expressions, const QueryContext& ctx,
                            const Row* excluded = nullptr, std::string_view name = {});
  /// QueryOnRow over many rows at once (one query per up to 1,000 rows): a row of answers per row
  /// of `rows`, in their order. With `excluded` (not empty), its i-th row is `excluded` beside the
  /// i-th row.
  Result<RowSet> QueryOnRows(const catalog::TableRecord& table, std::span<const Row> rows,
                             const std::vector<std::string>& expressions, const QueryContext& ctx,
                             std::span<const Row> excluded = {}, std::string_view name = {});

  /// Writes the hot row versions (tombstones included) of one partition — `user`'s of a USER
  /// table, all of a SHARED table (`user` empty) — as of `snapshot` into the Parquet file
  /// `local_path` (zstd; the table's columns under their current names, `_seq`, `_deleted`; in
  /// primary-key order). Returns the number of rows written. The path must be below the data
  /// directory's `tmp/`.
  Result<int64_t> ExportParquet(const catalog::TableRecord& table, const std::string& user,
                                std::shared_ptr<const store::Snapshot> snapshot, const std::string& local_path);

  /// Rewrites the files of one partition's `segments` as one Parquet file `local_path`: the newest
  /// version of each primary key, tombstones dropped (the files hold every older version there
  /// is), in primary-key order, under the table's current columns. Returns the rows written.
  Result<int64_t> CompactParquet(const catalog::TableRecord& table, const std::vector<cold::Segment>& segments,
                                 const std::string& local_path);

  /// A number that grows with every query started; files a query may read stay until every query
  /// started before they were replaced has finished (see OldestRunningQuery).
  uint64_t QueryClock() const;
  /// The QueryClock() value of the oldest query still running; QueryClock() + 1 when none runs.
  uint64_t OldestRunningQuery() const;

  /// Lets DuckDB read files below `directory` (a filesystem storage created after start-up).
  /// Waits for running queries to finish first.
  void AllowDirectory(const std::string& directory);

  /// Drops the cache of parsed queries (CLEAR CACHE). Thread-safe.
  void ClearCaches();

  /// How many queries were answered by a primary-key read without planning
  /// (`SELECT cols FROM t WHERE pk = value`); for tests and metrics.
  uint64_t point_lookups() const;
  /// How many queries were answered by walking the hot store's keys from one end without
  /// planning (`SELECT cols FROM t ORDER BY pk DESC LIMIT n`); for tests and metrics.
  uint64_t top_reads() const;
  /// How many point lookups reused the parse of a text differing only in its key literal
  /// (`… WHERE id = 7` after `… WHERE id = 6`); for tests.
  uint64_t point_template_hits() const;
  /// How many point lookups of flushed keys were answered from the cold row cache (no Parquet
  /// read); for tests and metrics.
  uint64_t cold_rows_served() const;
  /// How many scans of KalamDB tables were planned; for tests and metrics.
  uint64_t table_scans() const;
  /// How many hot row versions the planned scans stepped over (a scan with a primary-key range
  /// reads only that range); for tests and metrics.
  uint64_t hot_rows_scanned() const;
  /// Bytes held by DuckDB's buffer manager (query working memory, cached file pages).
  int64_t duckdb_memory_bytes() const;
  /// Bytes of decoded Parquet rows in the cold row cache.
  int64_t cold_row_cache_bytes() const;

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kalam::engine
