#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "duckdb.hpp"
#include "duckdb/parser/sql_statement.hpp"
#include "engine/engine.h"
#include "engine/internal/hot_read.h"
#include "engine/internal/table_scan.h"

namespace kalam::engine::internal {

/// `SELECT * | col [AS name], ... FROM [ns.]table WHERE col = constant | $n` (or `col IN (…)` of
/// constants and parameters, at most kMaxPointKeys) with nothing else: the shape of a primary-key
/// lookup, recognised once per SQL text on DuckDB's parse of it.
struct PointShape {
  std::string schema;  // as written; empty = the query's default namespace
  std::string table;
  /// Selected columns as written with their output names; empty = `*`.
  std::vector<std::pair<std::string, std::string>> columns;
  std::string key_column;
  std::vector<KeyOperand> keys;  // one for `=`
};

/// IN lists longer than this take the planned path.
inline constexpr size_t kMaxPointKeys = 1000;

/// A point lookup whose key is not hot but in the cold index: the row is in a Parquet file.
struct ColdPoint {
  catalog::TableRecord table;
  /// The caller's partition ("" for a SHARED table) and the key as the hot store orders it.
  std::string scope;
  std::string key_part;
  /// The key as a SQL literal of the key column's type.
  std::string key_literal;
  /// Selected columns (indexes into table.columns) and their output names.
  std::vector<size_t> picked;
  std::vector<std::string> names;
  /// The answer's columns (names and types as for a hot row).
  std::vector<ColumnInfo> columns;
  /// The cold index entry: the newest flushed version's _seq and the batch file holding it.
  int64_t seq = 0;
  int64_t batch = 0;

  explicit ColdPoint(catalog::TableRecord t) : table(std::move(t)) {}
};

/// The point-lookup shape of a parsed statement, if it has exactly that shape.
std::optional<PointShape> MatchPointShape(const duckdb::SQLStatement& statement);

/// Answers a point lookup with one RocksDB read (an IN list: one batched read, the rows in key
/// order, each key once, as the planned scan returns them), without planning a query: the same rows, names,
/// types and values DuckDB would return through `kalam_scan`, for the caller's partition only and
/// after the same MayRead check. nullopt when this call does not qualify (the table is not a USER
/// or SHARED table found under the exact names written, a column is not a declared one, the key
/// column is not the primary key, the value is not of the key's kind): the caller then takes the
/// full path, which also produces every error message. A key found only in the cold index
/// (flushed) is nullopt too: the planner reads it from its Parquet file.
/// When the one key is only in the cold index and `cold` is given, fills it (for ColdPointSql) and
/// returns nullopt.
std::optional<Result<RowSet>> RunPointQuery(const PointShape& shape, const ScanContext& scan,
                                            const QueryContext& ctx, std::optional<ColdPoint>* cold = nullptr);

/// SQL answering a cold point lookup from the files of the caller's manifest whose key range holds
/// the key (DuckDB then skips row groups by the key's statistics): the newest version, nothing when
/// it is a deletion. nullopt when the partition has no manifest (flushed away meanwhile: the
/// caller takes the full path).
Result<std::optional<std::string>> ColdPointSql(const ColdPoint& point, const ScanContext& scan);

}  // namespace kalam::engine::internal
