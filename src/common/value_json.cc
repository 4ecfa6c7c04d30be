#include "common/value_json.h"

#include <iterator>

#include <fmt/format.h>

#include "common/base64.h"
#include "common/error_code.h"
#include "common/json_text.h"
#include "common/time_format.h"

namespace kalam {

void AppendRowJson(std::string* out, const Row& row, const std::vector<ColumnInfo>& columns) {
  out->push_back('[');
  for (size_t c = 0; c < row.size(); ++c) {
    if (c > 0) out->push_back(',');
    AppendValueJson(out, row[c], columns[c].type);
  }
  out->push_back(']');
}

void AppendSchemaJson(std::string* out, const std::vector<ColumnInfo>& columns) {
  out->append("\"schema\":[");
  for (size_t i = 0; i < columns.size(); ++i) {
    const ColumnInfo& c = columns[i];
    if (i > 0) out->push_back(',');
    out->append("{\"name\":");
    AppendJsonString(out, c.name);
    out->append(",\"data_type\":");
    AppendJsonString(out, c.type.ToString());
    fmt::format_to(std::back_inserter(*out), ",\"index\":{}", i);
    if (!c.flags.empty()) {
      out->append(",\"flags\":[");
      for (size_t f = 0; f < c.flags.size(); ++f) {
        if (f > 0) out->push_back(',');
        AppendJsonString(out, c.flags[f]);
      }
      out->push_back(']');
    }
    out->push_back('}');
  }
  out->push_back(']');
}

void AppendValueJson(std::string* out, const Value& value, const DataType& type) {
  if (IsNull(value)) {
    out->append("null");
    return;
  }
  if (const auto* b = std::get_if<bool>(&value)) {
    out->append(*b ? "true" : "false");
    return;
  }
  if (const auto* d = std::get_if<double>(&value)) {
    AppendJsonDouble(out, *d);
    return;
  }
  if (const auto* i = std::get_if<int64_t>(&value)) {
    switch (type.id) {
      case TypeId::kBigInt:
        fmt::format_to(std::back_inserter(*out), "\"{}\"", *i);
        return;
      case TypeId::kTimestamp:
        AppendJsonString(out, FormatTimestampMicros(*i));
        return;
      case TypeId::kDate:
        AppendJsonString(out, FormatDateDays(*i));
        return;
      case TypeId::kTime:
        AppendJsonString(out, FormatTimeMicros(*i));
        return;
      default:
        fmt::format_to(std::back_inserter(*out), "{}", *i);
        return;
    }
  }
  const std::string& s = std::get<std::string>(value);
  switch (type.id) {
    case TypeId::kJson:
    case TypeId::kFile:
      out->append(s.empty() ? "null" : s);
      return;
    case TypeId::kBytes:
      AppendJsonString(out, Base64Encode(s));
      return;
    default:
      AppendJsonString(out, s);
      return;
  }
}

void AppendErrorFieldsJson(std::string* out, const Status& status) {
  out->append("\"code\":");
  AppendJsonString(out, WireCode(status.code()));
  out->append(",\"sqlstate\":");
  AppendJsonString(out, SqlState(status.code()));
  out->append(",\"message\":");
  AppendJsonString(out, status.message());
}

}  // namespace kalam
