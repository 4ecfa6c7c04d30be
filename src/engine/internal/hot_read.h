#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/catalog.h"
#include "common/status.h"
#include "duckdb.hpp"
#include "duckdb/parser/query_node/select_node.hpp"
#include "duckdb/parser/sql_statement.hpp"
#include "engine/engine.h"
#include "engine/internal/table_scan.h"

namespace kalam::engine::internal {

/// Selected columns as written, with their output names; empty = `*` (every declared column).
using PlainColumns = std::vector<std::pair<std::string, std::string>>;

/// The SELECT node of a statement that is one plain SELECT (no UNION, no top-level CTE node), or null.
const duckdb::SelectNode* SingleSelectNode(const duckdb::SQLStatement& statement);

/// The name of an unqualified column reference, or nullopt.
std::optional<std::string> PlainColumn(const duckdb::ParsedExpression& e);

/// A value a query compares with the primary key: a constant, or the 1-based parameter $n.
struct KeyOperand {
  std::optional<duckdb::Value> constant;
  size_t param = 0;  // when there is no constant
};
/// The operand when `e` is a constant or a parameter $n; nullopt for any other expression.
std::optional<KeyOperand> MatchKeyOperand(const duckdb::ParsedExpression& e);
/// The key part (as the hot store orders keys) of a primary-key value as the engine returns it;
/// nullopt for a value that is not a key of `pk`'s type.
std::optional<std::string> KeyPartOf(const Value& value, const DataType& pk);
/// The key part of an operand when its value has the key column's kind exactly (no casts: those
/// are DuckDB's to decide); nullopt otherwise (NULL, another kind, a missing parameter).
std::optional<std::string> KeyBytesOf(const KeyOperand& operand, const DataType& pk, const QueryContext& ctx);

/// The parts of `SELECT * | col [AS name], ... FROM [ns.]table` with no clause beyond those that
/// the caller matches itself (WHERE, ORDER BY, LIMIT): nullopt for anything else (joins, CTEs,
/// expressions, GROUP BY, DISTINCT, ...).
struct PlainSelect {
  std::string schema;  // as written; empty = the query's default namespace
  std::string table;
  PlainColumns columns;
};
std::optional<PlainSelect> MatchPlainSelect(const duckdb::SelectNode& node);

/// A read of hot rows of a USER or SHARED table on the caller's behalf without planning a query:
/// what is read, and the answer's columns with the names and types DuckDB would report.
struct HotRead {
  catalog::TableRecord table;
  /// Indexes into table.columns of the selected columns, and their types as the engine reports
  /// them (JSON and FILE both come back as JSON, ...).
  std::vector<size_t> picked;
  std::vector<DataType> result_types;
  std::vector<ColumnInfo> columns;
  /// The column family of the caller's shard, and the prefix of the caller's keys in it ("" for
  /// a SHARED table).
  std::string family;
  std::string prefix;
  /// How a stored row is decoded (catalog::ColumnIdsOf, catalog::MissingValues).
  std::vector<int32_t> column_ids;
  Row missing;

  explicit HotRead(catalog::TableRecord t) : table(std::move(t)) {}

  /// The selected cells of a stored row (not a tombstone), converted as a scanned row's are.
  Result<Row> Cells(std::string_view stored) const;
};

/// Resolves the table of a plain select for the caller. nullopt when this path does not serve
/// it — not a USER or SHARED table found under the exact names written, not readable by the
/// caller, a column that is not a declared one: the full path then answers (and says why).
std::optional<HotRead> ResolveHotRead(const PlainSelect& select, const ScanContext& scan, const QueryContext& ctx);

}  // namespace kalam::engine::internal
