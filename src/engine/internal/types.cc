#include "engine/internal/types.h"

#include "common/json_text.h"

namespace kalam::engine::internal {
namespace {

using duckdb::LogicalType;
using duckdb::LogicalTypeId;

bool IsJson(const LogicalType& t) {
  return t.id() == LogicalTypeId::VARCHAR && t.HasAlias() && t.GetAlias() == "JSON";
}

void AppendJson(std::string* out, const duckdb::Value& v);

void AppendJsonList(std::string* out, const duckdb::vector<duckdb::Value>& items) {
  out->push_back('[');
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendJson(out, items[i]);
  }
  out->push_back(']');
}

// Nested DuckDB values as JSON text (lists → arrays, structs/maps → objects).
void AppendJson(std::string* out, const duckdb::Value& v) {
  if (v.IsNull()) {
    out->append("null");
    return;
  }
  const auto& t = v.type();
  switch (t.id()) {
    case LogicalTypeId::BOOLEAN:
      out->append(v.GetValue<bool>() ? "true" : "false");
      return;
    case LogicalTypeId::TINYINT:
    case LogicalTypeId::SMALLINT:
    case LogicalTypeId::INTEGER:
    case LogicalTypeId::BIGINT:
    case LogicalTypeId::UTINYINT:
    case LogicalTypeId::USMALLINT:
    case LogicalTypeId::UINTEGER:
    case LogicalTypeId::UBIGINT:
    case LogicalTypeId::HUGEINT:
    case LogicalTypeId::UHUGEINT:
    case LogicalTypeId::DECIMAL:
      out->append(v.ToString());
      return;
    case LogicalTypeId::FLOAT:
    case LogicalTypeId::DOUBLE:
      AppendJsonDouble(out, v.GetValue<double>());
      return;
    case LogicalTypeId::LIST:
      AppendJsonList(out, duckdb::ListValue::GetChildren(v));
      return;
    case LogicalTypeId::ARRAY:
      AppendJsonList(out, duckdb::ArrayValue::GetChildren(v));
      return;
    case LogicalTypeId::STRUCT: {
      const auto& children = duckdb::StructValue::GetChildren(v);
      out->push_back('{');
      for (size_t i = 0; i < children.size(); ++i) {
        if (i > 0) out->push_back(',');
        AppendJsonString(out, duckdb::StructType::GetChildName(t, i));
        out->push_back(':');
        AppendJson(out, children[i]);
      }
      out->push_back('}');
      return;
    }
    case LogicalTypeId::MAP: {
      out->push_back('{');
      const auto& entries = duckdb::ListValue::GetChildren(v);
      for (size_t i = 0; i < entries.size(); ++i) {
        const auto& kv = duckdb::StructValue::GetChildren(entries[i]);
        if (i > 0) out->push_back(',');
        AppendJsonString(out, kv[0].ToString());
        out->push_back(':');
        AppendJson(out, kv[1]);
      }
      out->push_back('}');
      return;
    }
    default:
      if (IsJson(t)) {
        out->append(duckdb::StringValue::Get(v));
      } else {
        AppendJsonString(out, v.ToString());
      }
      return;
  }
}

}  // namespace

LogicalType ToLogicalType(const DataType& type) {
  switch (type.id) {
    case TypeId::kBoolean:
      return LogicalType::BOOLEAN;
    case TypeId::kSmallInt:
      return LogicalType::SMALLINT;
    case TypeId::kInt:
      return LogicalType::INTEGER;
    case TypeId::kBigInt:
      return LogicalType::BIGINT;
    case TypeId::kReal:
      return LogicalType::FLOAT;
    case TypeId::kDouble:
      return LogicalType::DOUBLE;
    case TypeId::kDecimal:
      return LogicalType::DECIMAL(type.precision, type.scale);
    case TypeId::kText:
    case TypeId::kOther:
      return LogicalType::VARCHAR;
    case TypeId::kTimestamp:
      return LogicalType::TIMESTAMP;
    case TypeId::kDate:
      return LogicalType::DATE;
    case TypeId::kTime:
      return LogicalType::TIME;
    case TypeId::kJson:
    case TypeId::kFile:
      return LogicalType::JSON();
    case TypeId::kBytes:
      return LogicalType::BLOB;
    case TypeId::kUuid:
      return LogicalType::UUID;
  }
  return LogicalType::VARCHAR;
}

DataType FromLogicalType(const LogicalType& type) {
  switch (type.id()) {
    case LogicalTypeId::BOOLEAN:
      return DataType::Of(TypeId::kBoolean);
    case LogicalTypeId::TINYINT:
    case LogicalTypeId::SMALLINT:
    case LogicalTypeId::UTINYINT:
      return DataType::Of(TypeId::kSmallInt);
    case LogicalTypeId::INTEGER:
    case LogicalTypeId::USMALLINT:
      return DataType::Of(TypeId::kInt);
    case LogicalTypeId::BIGINT:
    case LogicalTypeId::UINTEGER:
      return DataType::Of(TypeId::kBigInt);
    case LogicalTypeId::UBIGINT:
    case LogicalTypeId::HUGEINT:
    case LogicalTypeId::UHUGEINT:
      return DataType::Decimal(38, 0);
    case LogicalTypeId::FLOAT:
      return DataType::Of(TypeId::kReal);
    case LogicalTypeId::DOUBLE:
      return DataType::Of(TypeId::kDouble);
    case LogicalTypeId::DECIMAL:
      return DataType::Decimal(duckdb::DecimalType::GetWidth(type), duckdb::DecimalType::GetScale(type));
    case LogicalTypeId::VARCHAR:
      return DataType::Of(IsJson(type) ? TypeId::kJson : TypeId::kText);
    case LogicalTypeId::TIMESTAMP:
    case LogicalTypeId::TIMESTAMP_TZ:
    case LogicalTypeId::TIMESTAMP_MS:
    case LogicalTypeId::TIMESTAMP_NS:
    case LogicalTypeId::TIMESTAMP_SEC:
      return DataType::Of(TypeId::kTimestamp);
    case LogicalTypeId::DATE:
      return DataType::Of(TypeId::kDate);
    case LogicalTypeId::TIME:
      return DataType::Of(TypeId::kTime);
    case LogicalTypeId::BLOB:
      return DataType::Of(TypeId::kBytes);
    case LogicalTypeId::UUID:
      return DataType::Of(TypeId::kUuid);
    case LogicalTypeId::LIST:
    case LogicalTypeId::ARRAY:
    case LogicalTypeId::STRUCT:
    case LogicalTypeId::MAP:
      return DataType::Of(TypeId::kJson);
    case LogicalTypeId::ENUM:
      return DataType::Of(TypeId::kText);
    default:
      return DataType::Other(type.ToString());
  }
}

duckdb::Value ToDuckValue(const Value& value, const DataType& type) {
  LogicalType target = ToLogicalType(type);
  if (IsNull(value)) return duckdb::Value(target);
  switch (type.id) {
    case TypeId::kTimestamp:
      return duckdb::Value::TIMESTAMP(duckdb::timestamp_t(std::get<int64_t>(value)));
    case TypeId::kDate:
      return duckdb::Value::DATE(duckdb::date_t(static_cast<int32_t>(std::get<int64_t>(value))));
    case TypeId::kTime:
      return duckdb::Value::TIME(duckdb::dtime_t(std::get<int64_t>(value)));
    case TypeId::kBytes:
      return duckdb::Value::BLOB_RAW(std::get<std::string>(value));
    default:
      return ParamToDuckValue(value).DefaultCastAs(target);
  }
}

duckdb::Value ParamToDuckValue(const Value& value) {
  if (std::holds_alternative<bool>(value)) return duckdb::Value::BOOLEAN(std::get<bool>(value));
  if (std::holds_alternative<int64_t>(value)) return duckdb::Value::BIGINT(std::get<int64_t>(value));
  if (std::holds_alternative<double>(value)) return duckdb::Value::DOUBLE(std::get<double>(value));
  if (std::holds_alternative<std::string>(value)) return duckdb::Value(std::get<std::string>(value));
  return duckdb::Value(LogicalType::SQLNULL);
}

Value FromDuckValue(const duckdb::Value& v, const DataType& type) {
  if (v.IsNull()) return std::monostate{};
  switch (type.id) {
    case TypeId::kBoolean:
      return v.GetValue<bool>();
    case TypeId::kSmallInt:
    case TypeId::kInt:
    case TypeId::kBigInt:
      return v.GetValue<int64_t>();
    case TypeId::kReal:
    case TypeId::kDouble:
      return v.GetValue<double>();
    case TypeId::kTimestamp: {
      // TIMESTAMP and TIMESTAMPTZ both hold UTC microseconds; other precisions are cast.
      bool micros = v.type().id() == LogicalTypeId::TIMESTAMP || v.type().id() == LogicalTypeId::TIMESTAMP_TZ;
      auto ts = micros ? duckdb::timestamp_t(v.GetValueUnsafe<int64_t>())
                       : v.DefaultCastAs(LogicalType::TIMESTAMP).GetValue<duckdb::timestamp_t>();
      // ±infinity keep the engine's values, which time_format.h names kTimestampInfinity.
      return int64_t{ts.value};
    }
    case TypeId::kDate:
      return int64_t{v.GetValue<duckdb::date_t>().days};  // ±infinity: ±kDateInfinity
    case TypeId::kTime:
      return int64_t{v.GetValue<duckdb::dtime_t>().micros};
    case TypeId::kBytes:
      return duckdb::StringValue::Get(v);
    case TypeId::kJson:
    case TypeId::kFile: {
      if (v.type().id() == LogicalTypeId::VARCHAR) return duckdb::StringValue::Get(v);
      std::string out;
      AppendJson(&out, v);
      return out;
    }
    case TypeId::kText:
      return v.type().id() == LogicalTypeId::VARCHAR ? duckdb::StringValue::Get(v) : v.ToString();
    case TypeId::kDecimal:
    case TypeId::kUuid:
    case TypeId::kOther:
      return v.ToString();
  }
  return v.ToString();
}

}  // namespace kalam::engine::internal
