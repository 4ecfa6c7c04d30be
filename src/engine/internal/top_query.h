#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "duckdb.hpp"
#include "duckdb/parser/sql_statement.hpp"
#include "engine/engine.h"
#include "engine/internal/hot_read.h"
#include "engine/internal/table_scan.h"

namespace kalam::engine::internal {

/// A bound on the key in a top-rows query's WHERE: `col < | <= | > | >= operand` (the column on
/// the left).
struct KeyBound {
  duckdb::ExpressionType op;
  KeyOperand operand;
};

/// `SELECT * | col [AS name], ... FROM [ns.]table [WHERE bounds] ORDER BY col [ASC|DESC] LIMIT n`
/// with nothing else, where the bounds compare the ORDER BY column with constants or parameters
/// (`<`, `<=`, `>`, `>=`, BETWEEN, joined by AND): the first or last rows of a partition by key — a
/// chat's newest messages, or the page older than the oldest one shown (`WHERE id < $1 ORDER BY id
/// DESC LIMIT 50`) — recognised once per SQL text on DuckDB's parse of it. Also `SELECT … WHERE
/// bounds` with neither ORDER BY nor LIMIT (`WHERE id BETWEEN $1 AND $2`): the rows in key order,
/// when there are at most kMaxTopRows of them.
struct TopShape {
  PlainSelect select;
  std::string order_column;
  bool descending = false;
  int64_t limit = 0;
  std::vector<KeyBound> bounds;
  bool unlimited = false;  // no ORDER BY and no LIMIT: more than `limit` rows take the planner
};

/// Limits above this take the planned path (a long walk would hold the calling thread).
inline constexpr int64_t kMaxTopRows = 10000;
/// Limits up to this may be answered on an HTTP I/O thread (Engine::TryPointQuery).
inline constexpr int64_t kMaxQuickTopRows = 1000;

/// The top-rows shape of a parsed statement, if it has exactly that shape.
std::optional<TopShape> MatchTopShape(const duckdb::SQLStatement& statement);

/// Answers a top-rows query from the hot store without planning one: walks the caller's keys of
/// the table and of its cold index together (one snapshot), in key order from the requested end
/// (or the bound on that side), and stops after `limit` live rows or at the far bound — the rows
/// DuckDB would return (each key's newest version, deleted ones left out; the hot version of a key
/// is always newer than its flushed one). nullopt
/// when this call does not qualify (as for RunPointQuery; also when the order column is not the
/// primary key, or the key is not BIGINT or TEXT, the two kinds whose stored order is DuckDB's, or a
/// bound's value is not of the key's kind: DuckDB decides what such a comparison means), or
/// when a live flushed row comes before the limit is reached: its values are in a Parquet file,
/// which the planned path reads.
std::optional<Result<RowSet>> RunTopQuery(const TopShape& shape, const ScanContext& scan, const QueryContext& ctx);

}  // namespace kalam::engine::internal
