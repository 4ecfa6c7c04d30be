#include "engine/internal/point_query.h"

#include "catalog/permissions.h"
#include "catalog/table_families.h"
#include "common/shard.h"
#include "common/snowflake.h"
#include "duckdb/parser/expression/columnref_expression.hpp"
#include "duckdb/parser/expression/comparison_expression.hpp"
#include "duckdb/parser/expression/constant_expression.hpp"
#include "duckdb/parser/expression/parameter_expression.hpp"
#include "duckdb/parser/expression/star_expression.hpp"
#include "duckdb/parser/query_node/select_node.hpp"
#include "duckdb/parser/statement/select_statement.hpp"
#include "duckdb/parser/tableref/basetableref.hpp"
#include "sql/quote.h"
#include "engine/internal/types.h"
#include "store/cold_index.h"
#include "store/row_codec.h"

namespace kalam::engine::internal {

using sql::QuoteIdentifier;
using sql::QuoteLiteral;
namespace {

using duckdb::ExpressionClass;

/// The name of an unqualified column reference without alias tricks, or nullopt.
std::optional<std::string> PlainColumn(const duckdb::ParsedExpression& e) {
  if (e.GetExpressionClass() != ExpressionClass::COLUMN_REF) return std::nullopt;
  const auto& ref = e.Cast<duckdb::ColumnRefExpression>();
  if (ref.column_names.size() != 1) return std::nullopt;
  return ref.column_names[0];
}

bool IsPlainStar(const duckdb::ParsedExpression& e) {
  if (e.GetExpressionClass() != ExpressionClass::STAR) return false;
  const auto& star = e.Cast<duckdb::StarExpression>();
  return star.relation_name.empty() && star.exclude_list.empty() && star.replace_list.empty() &&
         star.rename_list.empty() && !star.expr && !star.columns && star.alias.empty();
}

bool MatchWhere(const duckdb::ParsedExpression& where, PointShape& shape) {
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
  if (other->GetExpressionClass() == ExpressionClass::CONSTANT) {
    shape.constant = other->Cast<duckdb::ConstantExpression>().value;
    return true;
  }
  if (other->GetExpressionClass() == ExpressionClass::PARAMETER) {
    const std::string& id = other->Cast<duckdb::ParameterExpression>().identifier;
    if (id.empty() || id.size() > 4 || id.find_first_not_of("0123456789") != std::string::npos) return false;
    shape.param = static_cast<size_t>(std::stoul(id));
    return shape.param > 0;
  }
  return false;
}

/// The key bytes of the lookup value when it has the key column's kind exactly (no casts: those
/// are DuckDB's to decide).
std::optional<std::string> KeyOf(const PointShape& shape, const DataType& pk, const QueryContext& ctx) {
  Value key;
  if (shape.constant) {
    const duckdb::Value& v = *shape.constant;
    if (v.IsNull()) return std::nullopt;
    switch (v.type().id()) {
      case duckdb::LogicalTypeId::TINYINT:
      case duckdb::LogicalTypeId::SMALLINT:
      case duckdb::LogicalTypeId::INTEGER:
      case duckdb::LogicalTypeId::BIGINT:
        key = v.GetValue<int64_t>();
        break;
      case duckdb::LogicalTypeId::VARCHAR:
        key = duckdb::StringValue::Get(v);
        break;
      default:
        return std::nullopt;
    }
  } else {
    if (shape.param > ctx.params.size()) return std::nullopt;
    key = ctx.params[shape.param - 1];
  }
  return KeyPartOf(key, pk);
}

/// Index of the declared column named exactly `name`.
std::optional<size_t> ColumnIndex(const catalog::TableRecord& table, const std::string& name) {
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (table.columns[i].name == name) return i;
  }
  return std::nullopt;
}

}  // namespace

std::optional<PointShape> MatchPointShape(const duckdb::SQLStatement& statement) {
  if (statement.type != duckdb::StatementType::SELECT_STATEMENT) return std::nullopt;
  const auto& select = statement.Cast<duckdb::SelectStatement>();
  if (!select.node || select.node->type != duckdb::QueryNodeType::SELECT_NODE) return std::nullopt;
  const auto& node = select.node->Cast<duckdb::SelectNode>();
  if (!node.modifiers.empty() || !node.cte_map.map.empty() || !node.where_clause || node.having ||
      node.qualify || node.sample || !node.groups.group_expressions.empty() ||
      !node.groups.grouping_sets.empty() || node.aggregate_handling != duckdb::AggregateHandling::STANDARD_HANDLING ||
      !node.from_table || node.from_table->type != duckdb::TableReferenceType::BASE_TABLE ||
      node.select_list.empty()) {
    return std::nullopt;
  }
  const auto& ref = node.from_table->Cast<duckdb::BaseTableRef>();
  if (!ref.catalog_name.empty() || ref.at_clause || ref.sample || !ref.column_name_alias.empty()) {
    return std::nullopt;
  }
  PointShape shape;
  shape.schema = ref.schema_name;
  shape.table = ref.table_name;
  if (node.select_list.size() == 1 && IsPlainStar(*node.select_list[0])) {
    // `*`: every declared column.
  } else {
    for (const auto& e : node.select_list) {
      auto name = PlainColumn(*e);
      if (!name) return std::nullopt;
      shape.columns.emplace_back(*name, e->alias.empty() ? *name : e->alias);
    }
  }
  if (!MatchWhere(*node.where_clause, shape)) return std::nullopt;
  return shape;
}

std::optional<Result<RowSet>> RunPointQuery(const PointShape& shape, const ScanContext& scan,
                                            const QueryContext& ctx, std::optional<ColdPoint>* cold_point) {
  std::optional<NamespaceId> ns;
  if (!shape.schema.empty()) {
    auto parsed = NamespaceId::Parse(shape.schema);
    if (parsed.ok()) ns = *parsed;
  } else {
    ns = ctx.default_namespace;
  }
  auto name = TableName::Parse(shape.table);
  if (!ns || !name.ok()) return std::nullopt;
  auto table = scan.catalog->tables().Get(TableId{*ns, *name});
  if (!table || (table->type != TableType::kUser && table->type != TableType::kShared)) return std::nullopt;
  if (!catalog::MayRead(ctx.caller.role, *table)) return std::nullopt;  // the full path says why
  const size_t pk = table->PrimaryKeyIndex();
  if (table->columns[pk].name != shape.key_column) return std::nullopt;

  std::vector<size_t> picked;
  RowSet out;
  if (shape.columns.empty()) {
    for (size_t i = 0; i < table->columns.size(); ++i) picked.push_back(i);
  } else {
    for (const auto& [column, output] : shape.columns) {
      auto index = ColumnIndex(*table, column);
      if (!index) return std::nullopt;
      picked.push_back(*index);
    }
  }
  // Types as the engine reports them for these columns (JSON and FILE both come back as JSON, ...).
  std::vector<DataType> result_types;
  for (size_t i = 0; i < picked.size(); ++i) {
    const auto& column = table->columns[picked[i]];
    result_types.push_back(FromLogicalType(ToLogicalType(column.type)));
    out.columns.push_back(ColumnInfo{shape.columns.empty() ? column.name : shape.columns[i].second,
                                     result_types.back(), {}});
  }

  auto key_part = KeyOf(shape, table->columns[pk].type, ctx);
  if (!key_part) return std::nullopt;
  const std::string& user = ctx.caller.username.value();
  const std::string family = catalog::FamilyOf(*table, ShardOf(user, scan.user_shards));
  if (!scan.store->HasColumnFamily(family)) return Result<RowSet>(std::move(out));
  const std::string key = table->IsPerUser() ? store::UserRowKey(user, *key_part) : *key_part;
  auto bytes = scan.store->Get(family, key);
  if (!bytes.ok()) return Result<RowSet>(bytes.status());
  if (!bytes->has_value()) {
    // Not hot: flushed (in the cold index: the planner reads the file) or never written. A flush
    // removes the hot version and adds the index entry in one write, so one of the two reads
    // sees the row.
    const std::string cold = store::ColdIndexFamily(family);
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
        ColdPoint point(*table);
        point.scope = table->IsPerUser() ? user : "";
        point.key_part = *key_part;
        const DataType& pk_type = table->columns[pk].type;
        Value key_value = store::DecodeKeyPart(*key_part, pk_type.id == TypeId::kBigInt);
        point.key_literal = ToDuckValue(key_value, pk_type).ToSQLString();
        point.picked = picked;
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

  const Row missing = catalog::MissingValues(*table);
  auto row = store::DecodeRow(**bytes, catalog::ColumnIdsOf(*table), &missing);
  if (!row.ok()) return Result<RowSet>(row.status());
  Row cells;
  cells.reserve(picked.size());
  for (size_t i = 0; i < picked.size(); ++i) {
    const auto& column = table->columns[picked[i]];
    const Value& v = row->values[picked[i]];
    // Through the engine's own conversions, so every type reads exactly as a scanned one.
    cells.push_back(IsNull(v) ? Value() : FromDuckValue(ToDuckValue(v, column.type), result_types[i]));
  }
  out.rows.push_back(std::move(cells));
  return Result<RowSet>(std::move(out));
}

std::optional<std::string> KeyPartOf(const Value& value, const DataType& pk) {
  switch (pk.id) {
    case TypeId::kBigInt:
      if (!std::holds_alternative<int64_t>(value)) return std::nullopt;
      break;
    case TypeId::kText:
      if (!std::holds_alternative<std::string>(value)) return std::nullopt;
      break;
    case TypeId::kUuid:
      if (!std::holds_alternative<std::string>(value) || !IsCanonicalUuid(std::get<std::string>(value))) {
        return std::nullopt;
      }
      break;
    default:
      return std::nullopt;
  }
  return store::EncodeKeyPart(value);
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
