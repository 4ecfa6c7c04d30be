#include "engine/internal/top_query.h"

#include <memory>

#include "duckdb/parser/expression/constant_expression.hpp"
#include "duckdb/parser/query_node/select_node.hpp"
#include "duckdb/parser/result_modifier.hpp"
#include "duckdb/parser/statement/select_statement.hpp"
#include "store/cold_index.h"
#include "store/row_codec.h"

namespace kalam::engine::internal {
namespace {

bool MatchOrder(const duckdb::OrderModifier& order, TopShape& shape) {
  if (order.orders.size() != 1) return false;
  const duckdb::OrderByNode& by = order.orders[0];
  auto column = by.expression ? PlainColumn(*by.expression) : std::nullopt;
  if (!column) return false;
  shape.order_column = *column;
  shape.descending = by.type == duckdb::OrderType::DESCENDING;
  return true;
}

bool MatchLimit(const duckdb::LimitModifier& limit, TopShape& shape) {
  if (!limit.limit || limit.offset || limit.limit->GetExpressionClass() != duckdb::ExpressionClass::CONSTANT) {
    return false;
  }
  const duckdb::Value& value = limit.limit->Cast<duckdb::ConstantExpression>().value;
  if (value.IsNull() || !value.type().IsIntegral()) return false;
  const int64_t n = value.GetValue<int64_t>();
  if (n < 0 || n > kMaxTopRows) return false;
  shape.limit = n;
  return true;
}

}  // namespace

std::optional<TopShape> MatchTopShape(const duckdb::SQLStatement& statement) {
  if (statement.type != duckdb::StatementType::SELECT_STATEMENT) return std::nullopt;
  const auto& select = statement.Cast<duckdb::SelectStatement>();
  if (!select.node || select.node->type != duckdb::QueryNodeType::SELECT_NODE) return std::nullopt;
  const auto& node = select.node->Cast<duckdb::SelectNode>();
  if (node.where_clause || node.modifiers.size() != 2) return std::nullopt;
  TopShape shape;
  bool ordered = false;
  bool limited = false;
  for (const auto& modifier : node.modifiers) {
    switch (modifier->type) {
      case duckdb::ResultModifierType::ORDER_MODIFIER:
        ordered = MatchOrder(modifier->Cast<duckdb::OrderModifier>(), shape);
        break;
      case duckdb::ResultModifierType::LIMIT_MODIFIER:
        limited = MatchLimit(modifier->Cast<duckdb::LimitModifier>(), shape);
        break;
      default:
        return std::nullopt;
    }
  }
  if (!ordered || !limited) return std::nullopt;
  auto plain = MatchPlainSelect(node);
  if (!plain) return std::nullopt;
  // ORDER BY names an output column first: `SELECT v AS id ... ORDER BY id` orders by v.
  for (const auto& [column, output] : plain->columns) {
    if (output == shape.order_column && column != shape.order_column) return std::nullopt;
  }
  shape.select = std::move(*plain);
  return shape;
}

std::optional<Result<RowSet>> RunTopQuery(const TopShape& shape, const ScanContext& scan, const QueryContext& ctx) {
  auto read = ResolveHotRead(shape.select, scan, ctx);
  if (!read) return std::nullopt;
  const auto& key = read->table.columns[read->table.PrimaryKeyIndex()];
  if (key.name != shape.order_column || (key.type.id != TypeId::kBigInt && key.type.id != TypeId::kText)) {
    return std::nullopt;
  }
  RowSet out;
  out.columns = read->columns;
  if (shape.limit == 0 || !scan.store->HasColumnFamily(read->family)) return Result<RowSet>(std::move(out));

  // One snapshot for both: a flush moves a row from the hot family to the cold index in one write.
  auto snapshot = scan.store->GetSnapshot();
  auto hot = scan.store->NewCursor(read->family, read->prefix, snapshot.get());
  if (!hot.ok()) return Result<RowSet>(hot.status());
  std::unique_ptr<store::Cursor> cold;
  const std::string cold_family = store::ColdIndexFamily(read->family);
  if (scan.store->HasColumnFamily(cold_family)) {
    auto opened = scan.store->NewCursor(cold_family, read->prefix, snapshot.get());
    if (!opened.ok()) return Result<RowSet>(opened.status());
    cold = std::move(*opened);
  }
  auto step = [&](store::Cursor& cursor) { shape.descending ? cursor.Prev() : cursor.Next(); };
  if (shape.descending) {
    (*hot)->SeekToLast();
    if (cold) cold->SeekToLast();
  }
  store::Cursor& h = **hot;
  while (static_cast<int64_t>(out.rows.size()) < shape.limit) {
    const bool hot_valid = h.Valid();
    const bool cold_valid = cold && cold->Valid();
    if (!hot_valid && !cold_valid) break;
    int order = 0;  // < 0: the hot key comes first in the walk; > 0: the cold one; 0: the same key
    if (!cold_valid) {
      order = -1;
    } else if (!hot_valid) {
      order = 1;
    } else {
      const int c = h.key().compare(cold->key());
      order = c == 0 ? 0 : (c < 0) != shape.descending ? -1 : 1;
    }
    if (order <= 0) {
      if (!store::ReadDeleted(h.value())) {
        auto cells = read->Cells(h.value());
        if (!cells.ok()) return Result<RowSet>(cells.status());
        out.rows.push_back(std::move(*cells));
        // Over [limits] max_result_rows: the planned path says so.
        if (static_cast<int64_t>(out.rows.size()) > ctx.max_rows) return std::nullopt;
      }
      step(h);
      if (order == 0) step(*cold);  // the flushed version is older than the hot one
      continue;
    }
    auto entry = store::DecodeColdEntry(cold->value());
    if (!entry.ok()) return Result<RowSet>(entry.status());
    if (!entry->deleted) return std::nullopt;  // a live row in a Parquet file: the planned path reads it
    step(*cold);
  }
  if (Status s = h.status(); !s.ok()) return Result<RowSet>(s);
  if (cold) {
    if (Status s = cold->status(); !s.ok()) return Result<RowSet>(s);
  }
  return Result<RowSet>(std::move(out));
}

}  // namespace kalam::engine::internal
