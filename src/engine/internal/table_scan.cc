#include "engine/internal/table_scan.h"

#include "catalog/permissions.h"
#include "catalog/table_families.h"
#include "common/snowflake.h"
#include "duckdb/catalog/catalog.hpp"
#include "duckdb/main/client_context.hpp"
#include "duckdb/parser/parsed_data/create_table_function_info.hpp"
#include "duckdb/planner/expression/bound_columnref_expression.hpp"
#include "duckdb/planner/expression/bound_comparison_expression.hpp"
#include "duckdb/planner/expression/bound_constant_expression.hpp"
#include "duckdb/planner/operator/logical_get.hpp"
#include "engine/internal/system_scan.h"
#include "engine/internal/types.h"
#include "store/row_codec.h"

namespace kalam::engine::internal {
namespace {

struct ScanInfo final : public duckdb::TableFunctionInfo {
  const ScanContext* ctx = nullptr;
};

struct ScanData final : public duckdb::TableFunctionData {
  explicit ScanData(catalog::TableRecord t) : table(std::move(t)) {}
  catalog::TableRecord table;
  std::string family;
  std::string prefix;  // "user \0" for per-user tables, "" for SHARED
  std::vector<int32_t> column_ids;
  Row missing;  // values of columns added after a row was written
  int64_t expire_before_ms = 0;  // STREAM: rows older than this are hidden
  std::optional<std::string> point_key;  // pk = constant, pushed down
  const ScanContext* ctx = nullptr;

  // The caller, the file list and the rows change between executions: never cache a plan.
  bool SupportStatementCache() const override { return false; }
  duckdb::unique_ptr<duckdb::FunctionData> Copy() const override {
    return duckdb::make_uniq<ScanData>(*this);
  }
  bool Equals(const duckdb::FunctionData& other) const override {
    const auto& o = other.Cast<ScanData>();
    return family == o.family && prefix == o.prefix && point_key == o.point_key;
  }
};

struct ScanState final : public duckdb::GlobalTableFunctionState {
  std::unique_ptr<store::Cursor> cursor;
  std::vector<duckdb::column_t> columns;
  bool done = false;
};

duckdb::unique_ptr<duckdb::FunctionData> Bind(duckdb::ClientContext& context,
                                              duckdb::TableFunctionBindInput& input,
                                              duckdb::vector<duckdb::LogicalType>& types,
                                              duckdb::vector<duckdb::string>& names) {
  const ScanContext* ctx = input.info->Cast<ScanInfo>().ctx;
  auto ns = NamespaceId::Parse(input.inputs[0].GetValue<std::string>());
  auto name = TableName::Parse(input.inputs[1].GetValue<std::string>());
  if (!ns.ok() || !name.ok()) throw duckdb::CatalogException("invalid table reference");
  TableId id{*ns, *name};
  auto table = ctx->catalog->tables().Get(id);
  if (!table) throw duckdb::CatalogException("Table with name %s does not exist", id.ToString());
  auto caller = ctx->sessions->Find(context.GetConnectionId());
  if (!caller) throw duckdb::PermissionException("permission denied for table %s", name->value());
  if (!catalog::MayRead(caller->role, *table)) {
    throw duckdb::PermissionException("permission denied for table %s", name->value());
  }
  for (const auto& c : table->columns) {
    types.push_back(ToLogicalType(c.type));
    names.push_back(c.name);
  }
  types.push_back(duckdb::LogicalType::BIGINT);
  names.emplace_back("_seq");
  types.push_back(duckdb::LogicalType::BOOLEAN);
  names.emplace_back("_deleted");

  auto data = duckdb::make_uniq<ScanData>(*table);
  data->ctx = ctx;
  data->column_ids = catalog::ColumnIdsOf(*table);
  data->missing = catalog::MissingValues(*table);
  const std::string& user = caller->username.value();
  data->family = catalog::FamilyOf(*table, ShardOf(user, ctx->user_shards));
  if (table->IsPerUser()) data->prefix = store::UserPrefix(user);
  if (table->type == TableType::kStream && table->ttl_seconds) {
    data->expire_before_ms = ctx->clock->NowMicros() / 1000 - *table->ttl_seconds * 1000;
  }
  return data;
}

/// Turns `pk = constant` into a point lookup. Filters stay in place: DuckDB still applies them,
/// so the hint only has to produce a superset.
void PushdownFilters(duckdb::ClientContext&, duckdb::LogicalGet& get, duckdb::FunctionData* bind_data,
                     duckdb::vector<duckdb::unique_ptr<duckdb::Expression>>& filters) {
  auto& data = bind_data->Cast<ScanData>();
  size_t pk = data.table.PrimaryKeyIndex();
  const DataType& pk_type = data.table.columns[pk].type;
  for (auto& filter : filters) {
    if (filter->GetExpressionClass() != duckdb::ExpressionClass::BOUND_COMPARISON ||
        filter->GetExpressionType() != duckdb::ExpressionType::COMPARE_EQUAL) {
      continue;
    }
    auto& cmp = filter->Cast<duckdb::BoundComparisonExpression>();
    duckdb::Expression* col = cmp.left.get();
    duckdb::Expression* constant = cmp.right.get();
    if (col->GetExpressionClass() != duckdb::ExpressionClass::BOUND_COLUMN_REF) std::swap(col, constant);
    if (col->GetExpressionClass() != duckdb::ExpressionClass::BOUND_COLUMN_REF ||
        constant->GetExpressionClass() != duckdb::ExpressionClass::BOUND_CONSTANT) {
      continue;
    }
    auto& ref = col->Cast<duckdb::BoundColumnRefExpression>();
    const auto& ids = get.GetColumnIds();
    if (ref.binding.column_index >= ids.size() || ids[ref.binding.column_index].GetPrimaryIndex() != pk) {
      continue;
    }
    const duckdb::Value& v = constant->Cast<duckdb::BoundConstantExpression>().value;
    if (v.IsNull()) continue;
    Value key = FromDuckValue(v, pk_type.id == TypeId::kBigInt && v.type().IsIntegral()
                                      ? DataType::Of(TypeId::kBigInt)
                                      : DataType::Of(TypeId::kText));
    if (pk_type.id == TypeId::kBigInt && !std::holds_alternative<int64_t>(key)) continue;
    if (pk_type.id != TypeId::kBigInt && !std::holds_alternative<std::string>(key)) continue;
    data.point_key = store::EncodeKeyPart(key);
    return;
  }
}

duckdb::unique_ptr<duckdb::GlobalTableFunctionState> Init(duckdb::ClientContext&,
                                                          duckdb::TableFunctionInitInput& input) {
  const auto& data = input.bind_data->Cast<ScanData>();
  auto state = duckdb::make_uniq<ScanState>();
  state->columns = input.column_ids;
  if (!data.ctx->store->HasColumnFamily(data.family)) {
    state->done = true;  // no row was ever written to this shard
    return state;
  }
  auto cursor = data.ctx->store->NewCursor(data.family, data.prefix);
  if (!cursor.ok()) throw duckdb::IOException(cursor.error().message());
  state->cursor = std::move(cursor).value();
  if (data.point_key) state->cursor->Seek(*data.point_key);
  return state;
}

void WriteCell(duckdb::Vector& vec, size_t row, const Value& v, const DataType& type) {
  if (IsNull(v)) {
    duckdb::FlatVector::SetNull(vec, row, true);
    return;
  }
  switch (type.id) {
    case TypeId::kBigInt:
    case TypeId::kTimestamp:
    case TypeId::kTime:
      duckdb::FlatVector::GetData<int64_t>(vec)[row] = std::get<int64_t>(v);
      return;
    case TypeId::kInt:
    case TypeId::kDate:
      duckdb::FlatVector::GetData<int32_t>(vec)[row] = static_cast<int32_t>(std::get<int64_t>(v));
      return;
    case TypeId::kSmallInt:
      duckdb::FlatVector::GetData<int16_t>(vec)[row] = static_cast<int16_t>(std::get<int64_t>(v));
      return;
    case TypeId::kDouble:
      duckdb::FlatVector::GetData<double>(vec)[row] = std::get<double>(v);
      return;
    case TypeId::kReal:
      duckdb::FlatVector::GetData<float>(vec)[row] = static_cast<float>(std::get<double>(v));
      return;
    case TypeId::kBoolean:
      duckdb::FlatVector::GetData<bool>(vec)[row] = std::get<bool>(v);
      return;
    case TypeId::kText:
    case TypeId::kJson:
    case TypeId::kFile:
    case TypeId::kBytes:
    case TypeId::kOther:
      duckdb::FlatVector::GetData<duckdb::string_t>(vec)[row] =
          duckdb::StringVector::AddStringOrBlob(vec, std::get<std::string>(v));
      return;
    case TypeId::kDecimal:
    case TypeId::kUuid:
      vec.SetValue(row, ToDuckValue(v, type));
      return;
  }
}

void Scan(duckdb::ClientContext&, duckdb::TableFunctionInput& input, duckdb::DataChunk& out) {
  const auto& data = input.bind_data->Cast<ScanData>();
  auto& state = input.global_state->Cast<ScanState>();
  size_t count = 0;
  const size_t ncols = data.table.columns.size();
  while (!state.done && count < STANDARD_VECTOR_SIZE) {
    store::Cursor& cur = *state.cursor;
    if (!cur.Valid()) {
      Status s = cur.status();
      if (!s.ok()) throw duckdb::IOException(s.message());
      state.done = true;
      break;
    }
    if (data.point_key && cur.key().substr(data.prefix.size()) != *data.point_key) {
      state.done = true;
      break;
    }
    std::string_view value = cur.value();
    bool visible = !store::ReadDeleted(value);
    if (visible && data.expire_before_ms > 0) {
      visible = SnowflakeGenerator::TimestampMs(store::ReadSeq(value)) >= data.expire_before_ms;
    }
    if (visible) {
      auto row = store::DecodeRow(value, data.column_ids, &data.missing);
      if (!row.ok()) throw duckdb::IOException(row.error().message());
      for (size_t i = 0; i < state.columns.size(); ++i) {
        duckdb::column_t c = state.columns[i];
        auto& vec = out.data[i];
        if (c < ncols) {
          WriteCell(vec, count, row->values[c], data.table.columns[c].type);
        } else if (c == ncols) {
          duckdb::FlatVector::GetData<int64_t>(vec)[count] = row->seq;
        } else if (c == ncols + 1) {
          duckdb::FlatVector::GetData<bool>(vec)[count] = false;
        } else {
          duckdb::FlatVector::SetNull(vec, count, true);  // row id and other virtual columns
        }
      }
      ++count;
    }
    cur.Next();
    if (data.point_key) state.done = !cur.Valid() || cur.key().substr(data.prefix.size()) != *data.point_key;
  }
  out.SetCardinality(count);
}

}  // namespace

Status RegisterTableScan(duckdb::Connection& admin, const ScanContext* ctx) {
  duckdb::TableFunction fn("kalam_scan", {duckdb::LogicalType::VARCHAR, duckdb::LogicalType::VARCHAR},
                           Scan, Bind, Init);
  fn.projection_pushdown = true;
  fn.pushdown_complex_filter = PushdownFilters;
  auto info = duckdb::make_shared_ptr<ScanInfo>();
  info->ctx = ctx;
  fn.function_info = info;
  RegisterTableFunction(admin, std::move(fn));
  return Status::OK();
}

}  // namespace kalam::engine::internal
