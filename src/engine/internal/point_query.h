#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "duckdb.hpp"
#include "duckdb/parser/sql_statement.hpp"
#include "engine/engine.h"
#include "engine/internal/table_scan.h"

namespace kalam::engine::internal {

/// `SELECT * | col [AS name], ... FROM [ns.]table WHERE col = constant | $n` with nothing else:
/// the shape of a primary-key lookup, recognised once per SQL text on DuckDB's parse of it.
struct PointShape {
  std::string schema;  // as written; empty = the query's default namespace
  std::string table;
  /// Selected columns as written with their output names; empty = `*`.
  std::vector<std::pair<std::string, std::string>> columns;
  std::string key_column;
  std::optional<duckdb::Value> constant;
  size_t param = 0;  // 1-based $n when there is no constant
};

/// The point-lookup shape of a parsed statement, if it has exactly that shape.
std::optional<PointShape> MatchPointShape(const duckdb::SQLStatement& statement);

/// Answers a point lookup with one RocksDB read, without planning a query: the same rows, names,
/// types and values DuckDB would return through `kalam_scan`, for the caller's partition only and
/// after the same MayRead check. nullopt when this call does not qualify (the table is not a USER
/// or SHARED table found under the exact names written, a column is not a declared one, the key
/// column is not the primary key, the value is not of the key's kind): the caller then takes the
/// full path, which also produces every error message. A key found only in the cold index
/// (flushed) is nullopt too: the planner reads it from its Parquet file.
std::optional<Result<RowSet>> RunPointQuery(const PointShape& shape, const ScanContext& scan,
                                            const QueryContext& ctx);

}  // namespace kalam::engine::internal
