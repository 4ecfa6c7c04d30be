#include "engine/internal/hot_read.h"

#include "catalog/permissions.h"
#include "catalog/table_families.h"
#include "common/shard.h"
#include "common/snowflake.h"
#include "duckdb/parser/expression/columnref_expression.hpp"
#include "duckdb/parser/expression/constant_expression.hpp"
#include "duckdb/parser/expression/parameter_expression.hpp"
#include "duckdb/parser/expression/star_expression.hpp"
#include "duckdb/parser/statement/select_statement.hpp"
#include "duckdb/parser/tableref/basetableref.hpp"
#include "engine/internal/types.h"
#include "store/row_codec.h"

namespace kalam::engine::internal {
namespace {

using duckdb::ExpressionClass;

bool IsPlainStar(const duckdb::ParsedExpression& e) {
  if (e.GetExpressionClass() != ExpressionClass::STAR) return false;
  const auto& star = e.Cast<duckdb::StarExpression>();
  return star.relation_name.empty() && star.exclude_list.empty() && star.replace_list.empty() &&
         star.rename_list.empty() && !star.expr && !star.columns && star.alias.empty();
}

/// Index of the declared column named exactly `name`.
std::optional<size_t> ColumnIndex(const catalog::TableRecord& table, const std::string& name) {
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (table.columns[i].name == name) return i;
  }
  return std::nullopt;
}

}  // namespace

std::optional<KeyOperand> MatchKeyOperand(const duckdb::ParsedExpression& e) {
  if (e.GetExpressionClass() == duckdb::ExpressionClass::CONSTANT) {
    return KeyOperand{e.Cast<duckdb::ConstantExpression>().value, 0};
  }
  if (e.GetExpressionClass() == duckdb::ExpressionClass::PARAMETER) {
    const std::string& id = e.Cast<duckdb::ParameterExpression>().identifier;
    if (id.empty() || id.size() > 4 || id.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    const size_t param = static_cast<size_t>(std::stoul(id));
    if (param == 0) return std::nullopt;
    return KeyOperand{std::nullopt, param};
  }
  return std::nullopt;
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

std::optional<std::string> KeyBytesOf(const KeyOperand& operand, const DataType& pk, const QueryContext& ctx) {
  Value key;
  if (operand.constant) {
    const duckdb::Value& v = *operand.constant;
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
    if (operand.param == 0 || operand.param > ctx.params.size()) return std::nullopt;
    key = ctx.params[operand.param - 1];
  }
  return KeyPartOf(key, pk);
}

const duckdb::SelectNode* SingleSelectNode(const duckdb::SQLStatement& statement) {
  if (statement.type != duckdb::StatementType::SELECT_STATEMENT) return nullptr;
  const auto& select = statement.Cast<duckdb::SelectStatement>();
  if (!select.node || select.node->type != duckdb::QueryNodeType::SELECT_NODE) return nullptr;
  return &select.node->Cast<duckdb::SelectNode>();
}

std::optional<std::string> PlainColumn(const duckdb::ParsedExpression& e) {
  if (e.GetExpressionClass() != ExpressionClass::COLUMN_REF) return std::nullopt;
  const auto& ref = e.Cast<duckdb::ColumnRefExpression>();
  if (ref.column_names.size() != 1) return std::nullopt;
  return ref.column_names[0];
}

std::optional<PlainSelect> MatchPlainSelect(const duckdb::SelectNode& node) {
  if (!node.cte_map.map.empty() || node.having || node.qualify || node.sample ||
      !node.groups.group_expressions.empty() || !node.groups.grouping_sets.empty() ||
      node.aggregate_handling != duckdb::AggregateHandling::STANDARD_HANDLING || !node.from_table ||
      node.from_table->type != duckdb::TableReferenceType::BASE_TABLE || node.select_list.empty()) {
    return std::nullopt;
  }
  const auto& ref = node.from_table->Cast<duckdb::BaseTableRef>();
  if (!ref.catalog_name.empty() || ref.at_clause || ref.sample || !ref.column_name_alias.empty()) {
    return std::nullopt;
  }
  PlainSelect select;
  select.schema = ref.schema_name;
  select.table = ref.table_name;
  if (node.select_list.size() == 1 && IsPlainStar(*node.select_list[0])) return select;  // `*`
  for (const auto& e : node.select_list) {
    auto name = PlainColumn(*e);
    if (!name) return std::nullopt;
    select.columns.emplace_back(*name, e->alias.empty() ? *name : e->alias);
  }
  return select;
}

std::optional<HotRead> ResolveHotRead(const PlainSelect& select, const ScanContext& scan, const QueryContext& ctx) {
  std::optional<NamespaceId> ns;
  if (!select.schema.empty()) {
    auto parsed = NamespaceId::Parse(select.schema);
    if (parsed.ok()) ns = *parsed;
  } else {
    ns = ctx.default_namespace;
  }
  auto name = TableName::Parse(select.table);
  if (!ns || !name.ok()) return std::nullopt;
  auto table = scan.catalog->tables().Get(TableId{*ns, *name});
  if (!table || (table->type != TableType::kUser && table->type != TableType::kShared)) return std::nullopt;
  if (!catalog::MayRead(ctx.caller.role, *table)) return std::nullopt;  // the full path says why

  HotRead read(std::move(*table));
  const catalog::TableRecord& record = read.table;
  if (select.columns.empty()) {
    for (size_t i = 0; i < record.columns.size(); ++i) read.picked.push_back(i);
  } else {
    for (const auto& [column, output] : select.columns) {
      auto index = ColumnIndex(record, column);
      if (!index) return std::nullopt;
      read.picked.push_back(*index);
    }
  }
  for (size_t i = 0; i < read.picked.size(); ++i) {
    const auto& column = record.columns[read.picked[i]];
    read.result_types.push_back(FromLogicalType(ToLogicalType(column.type)));
    read.columns.push_back(
        ColumnInfo{select.columns.empty() ? column.name : select.columns[i].second, read.result_types.back(), {}});
  }
  const std::string& user = ctx.caller.username.value();
  read.family = catalog::FamilyOf(record, ShardOf(user, scan.user_shards));
  read.prefix = record.IsPerUser() ? store::UserPrefix(user) : std::string();
  read.column_ids = catalog::ColumnIdsOf(record);
  read.missing = catalog::MissingValues(record);
  return read;
}

Result<Row> HotRead::Cells(std::string_view stored) const {
  KALAM_ASSIGN_OR_RETURN(auto row, store::DecodeRow(stored, column_ids, &missing));
  Row cells;
  cells.reserve(picked.size());
  for (size_t i = 0; i < picked.size(); ++i) {
    const auto& column = table.columns[picked[i]];
    const Value& v = row.values[picked[i]];
    // Through the engine's own conversions, so every type reads exactly as a scanned one.
    cells.push_back(IsNull(v) ? Value() : FromDuckValue(ToDuckValue(v, column.type), result_types[i]));
  }
  return cells;
}

}  // namespace kalam::engine::internal
