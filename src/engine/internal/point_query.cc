#include "engine/internal/point_query.h"

#include <algorithm>

#include "common/snowflake.h"
#include "duckdb/parser/expression/comparison_expression.hpp"
#include "duckdb/parser/expression/operator_expression.hpp"
#include "duckdb/parser/query_node/select_node.hpp"
#include "duckdb/parser/statement/select_statement.hpp"
#include "engine/internal/hot_read.h"
#include "engine/internal/types.h"
#include "sql/quote.h"
#include "store/cold_index.h"
#include "store/row_codec.h"

namespace kalam::engine::internal {

using sql::QuoteIdentifier;
using sql::QuoteLiteral;
namespace {

using duckdb::ExpressionClass;

/// `col IN (operand, …)`.
bool MatchIn(const duckdb::ParsedExpression& where, PointShape& shape) {
  if (where.GetExpressionType() != duckdb::ExpressionType::COMPARE_IN) return false;
  const auto& children = where.Cast<duckdb::OperatorExpression>().children;
  if (children.size() < 2 || children.size() - 1 > kMaxPointKeys) return false;
  auto name = PlainColumn(*children[0]);
  if (!name) return false;
  shape.key_column = *name;
  for (size_t i = 1; i < children.size(); ++i) {
    auto operand = MatchKeyOperand(*children[i]);
    if (!operand) return false;
    shape.keys.push_back(std::move(*operand));
  }
  return true;
}

bool MatchWhere(const duckdb::ParsedExpression& where, PointShape& shape) {
  if (where.GetExpressionClass() == ExpressionClass::OPERATOR) return MatchIn(where, shape);
  if (where.GetExpressionClass() != ExpressionClass::COMPARISON ||
      where.GetExpressionType() != duckdb::ExpressionType::COMPARE_EQUAL) {
    return false;
  }
  const auto& cmp = where.Cast<duckdb::ComparisonExpression>();
  const duckdb::ParsedExpression* col = cmp.left.get();
  const duckdb::ParsedExpression* other = cmp.right.get();
  if (!PlainColumn(*col)) std::swap(col, other);
  auto name = PlainColumn(*col);
  if (!name) return false;
  shape.key_column = *name;
  auto operand = MatchKeyOperand(*other);
  if (!operand) return false;
  shape.keys.push_back(std::move(*operand));
  return true;
}

/// The rows of several keys: one batched read of the hot family, then of the cold index for the
/// keys that are not hot (a live flushed one: nullopt, the planner reads its file).
std::optional<Result<RowSet>> RunKeysQuery(const PointShape& shape, const HotRead& read, const ScanContext& scan,
                                           const QueryContext& ctx, RowSet out) {
  const DataType& pk_type = read.table.columns[read.table.PrimaryKeyIndex()].type;
  std::vector<std::string> keys;
  keys.reserve(shape.keys.size());
  for (const KeyOperand& operand : shape.keys) {
    auto key_part = KeyBytesOf(operand, pk_type, ctx);
    if (!key_part) return std::nullopt;
    keys.push_back(read.prefix + *key_part);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  if (!scan.store->HasColumnFamily(read.family)) return Result<RowSet>(std::move(out));
  std::vector<std::string_view> views(keys.begin(), keys.end());
  auto hot = scan.store->MultiGet(read.family, views);
  if (!hot.ok()) return Result<RowSet>(hot.status());
  std::vector<std::string_view> missing;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!(*hot)[i]) missing.push_back(keys[i]);
  }
  const std::string cold = store::ColdIndexFamily(read.family);
  if (!missing.empty() && scan.store->HasColumnFamily(cold)) {
    auto entries = scan.store->MultiGet(cold, missing);
    if (!entries.ok()) return Result<RowSet>(entries.status());
    for (const auto& entry : *entries) {
      if (!entry) continue;
      auto decoded = store::DecodeColdEntry(*entry);
      if (!decoded.ok()) return Result<RowSet>(decoded.status());
      if (!decoded->deleted) return std::nullopt;  // a live row in a Parquet file
    }
  }
  for (const auto& bytes : *hot) {
    if (!bytes || store::ReadDeleted(*bytes)) continue;
    auto cells = read.Cells(*bytes);
    if (!cells.ok()) return Result<RowSet>(cells.status());
    out.rows.push_back(std::move(*cells));
  }
  if (static_cast<int64_t>(out.rows.size()) > ctx.max_rows) return std::nullopt;  // the planner says so
  return Result<RowSet>(std::move(out));
}

}  // namespace

std::optional<PointShape> MatchPointShape(const duckdb::SQLStatement& statement) {
  const duckdb::SelectNode* single = SingleSelectNode(statement);
  if (single == nullptr) return std::nullopt;
  const duckdb::SelectNode& node = *single;
  if (!node.modifiers.empty() || !node.where_clause) return std::nullopt;
  auto plain = MatchPlainSelect(node);
  if (!plain) return std::nullopt;
  PointShape shape;
  shape.schema = std::move(plain->schema);
  shape.table = std::move(plain->table);
  shape.columns = std::move(plain->columns);
  if (!MatchWhere(*node.where_clause, shape)) return std::nullopt;
  return shape;
}

std::optional<Result<RowSet>> RunPointQuery(const PointShape& shape, const ScanContext& scan,
                                            const QueryContext& ctx, std::optional<ColdPoint>* cold_point) {
  auto read = ResolveHotRead(PlainSelect{shape.schema, shape.table, shape.columns}, scan, ctx);
  if (!read) return std::nullopt;
  const catalog::TableRecord& table = read->table;
  const size_t pk = table.PrimaryKeyIndex();
  if (table.columns[pk].name != shape.key_column) return std::nullopt;
  RowSet out;
  out.columns = read->columns;
  if (shape.keys.size() != 1) return RunKeysQuery(shape, *read, scan, ctx, std::move(out));

  auto key_part = KeyBytesOf(shape.keys[0], table.columns[pk].type, ctx);
  if (!key_part) return std::nullopt;
  if (!scan.store->HasColumnFamily(read->family)) return Result<RowSet>(std::move(out));
  const std::string key = read->prefix + *key_part;
  auto bytes = scan.store->Get(read->family, key);
  if (!bytes.ok()) return Result<RowSet>(bytes.status());
  if (!bytes->has_value()) {
    // Not hot: flushed (in the cold index: the planner reads the file) or never written. A flush
    // removes the hot version and adds the index entry in one write, so one of the two reads
    // sees the row.
    const std::string cold = store::ColdIndexFamily(read->family);
    if (!scan.store->HasColumnFamily(cold)) return Result<RowSet>(std::move(out));
    auto entry = scan.store->Get(cold, key);
    if (!entry.ok()) return Result<RowSet>(entry.status());
    std::optional<store::ColdEntry> flushed;  // an entry not marked deleted
    if (entry->has_value()) {
      auto decoded = store::DecodeColdEntry(**entry);
      if (!decoded.ok()) return Result<RowSet>(decoded.status());
      if (!decoded->deleted) flushed = *decoded;
    }
    const bool flushed_live = flushed.has_value();
    if (flushed_live) {
      if (cold_point != nullptr) {
        ColdPoint point(table);
        point.scope = table.IsPerUser() ? ctx.caller.username.value() : "";
        point.key_part = *key_part;
        const DataType& pk_type = table.columns[pk].type;
        Value key_value = store::DecodeKeyPart(*key_part, pk_type.id == TypeId::kBigInt);
        point.key_literal = ToDuckValue(key_value, pk_type).ToSQLString();
        point.picked = read->picked;
        for (const auto& c : out.columns) point.names.push_back(c.name);
        point.columns = out.columns;
        point.seq = flushed->seq;
        point.batch = flushed->batch;
        *cold_point = std::move(point);
      }
      return std::nullopt;
    }
    return Result<RowSet>(std::move(out));
  }
  if (store::ReadDeleted(**bytes)) return Result<RowSet>(std::move(out));
  auto cells = read->Cells(**bytes);
  if (!cells.ok()) return Result<RowSet>(cells.status());
  out.rows.push_back(std::move(*cells));
  return Result<RowSet>(std::move(out));
}

Result<std::optional<std::string>> ColdPointSql(const ColdPoint& point, const ScanContext& scan) {
  KALAM_ASSIGN_OR_RETURN(auto manifest, scan.manifests->Get(point.table.id, point.scope));
  if (!manifest || manifest->segments.empty()) return std::optional<std::string>();
  const std::string key = cold::KeyHex(point.key_part);
  std::vector<cold::Segment> candidates;
  std::vector<std::string> paths;
  for (const auto& segment : manifest->segments) {
    bool may_hold = segment.min_key.empty() || (segment.min_key <= key && key <= segment.max_key);
    if (!may_hold) continue;
    KALAM_ASSIGN_OR_RETURN(std::string local, LocalPathOf(segment, scan));
    candidates.push_back(segment);
    paths.push_back(std::move(local));
  }
  if (candidates.empty()) return std::optional<std::string>();  // compacted away meanwhile
  std::string select;
  for (size_t i = 0; i < point.picked.size(); ++i) {
    if (i > 0) select += ", ";
    select += QuoteIdentifier(point.table.columns[point.picked[i]].name) + " AS " + QuoteIdentifier(point.names[i]);
  }
  const std::string pk = QuoteIdentifier(point.table.columns[point.table.PrimaryKeyIndex()].name);
  return std::optional<std::string>("SELECT " + select + " FROM (" + ColdFilesSql(point.table, candidates, paths) +
                                    ") WHERE " + pk + " = " + point.key_literal + " " + NewestVersionFilter(point.table));
}

}  // namespace kalam::engine::internal
