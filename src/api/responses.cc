#include "api/responses.h"

#include <fmt/format.h>

#include "common/base64.h"
#include "common/json_text.h"
#include "common/time_format.h"

namespace kalam::api {
namespace {

void AppendTookMs(std::string* out, double took_ms) {
  fmt::format_to(std::back_inserter(*out), "\"took_ms\":{:.3f}", took_ms);
}

void AppendSchema(std::string* out, const std::vector<ColumnInfo>& columns) {
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

void AppendResult(std::string* out, const exec::StatementResult& r) {
  out->push_back('{');
  if (r.rows) {
    AppendSchema(out, r.rows->columns);
    out->append(",\"rows\":[");
    for (size_t i = 0; i < r.rows->rows.size(); ++i) {
      if (i > 0) out->push_back(',');
      out->push_back('[');
      const Row& row = r.rows->rows[i];
      for (size_t c = 0; c < row.size(); ++c) {
        if (c > 0) out->push_back(',');
        AppendValueJson(out, row[c], r.rows->columns[c].type);
      }
      out->push_back(']');
    }
    out->append("],");
  }
  fmt::format_to(std::back_inserter(*out), "\"row_count\":{}", r.row_count);
  if (!r.message.empty()) {
    out->append(",\"message\":");
    AppendJsonString(out, r.message);
  }
  out->push_back('}');
}

}  // namespace

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

HttpResponse ErrorResponse(const Status& status, double took_ms, std::optional<int> statement_index) {
  std::string body = "{\"status\":\"error\",";
  AppendTookMs(&body, took_ms);
  body.append(",\"results\":[],\"error\":{\"code\":");
  AppendJsonString(&body, WireCode(status.code()));
  body.append(",\"sqlstate\":");
  AppendJsonString(&body, SqlState(status.code()));
  body.append(",\"message\":");
  AppendJsonString(&body, status.message());
  if (statement_index) fmt::format_to(std::back_inserter(body), ",\"statement_index\":{}", *statement_index);
  if (status.position()) fmt::format_to(std::back_inserter(body), ",\"position\":{}", *status.position());
  body.append("}}");
  HttpResponse response;
  response.status = HttpStatus(status.code());
  response.body = std::move(body);
  return response;
}

HttpResponse BatchResponse(const exec::BatchResult& batch, double took_ms) {
  if (!batch.error.ok()) return ErrorResponse(batch.error, took_ms, batch.error_statement_index);
  std::string body = "{\"status\":\"success\",";
  AppendTookMs(&body, took_ms);
  body.append(",\"results\":[");
  for (size_t i = 0; i < batch.results.size(); ++i) {
    if (i > 0) body.push_back(',');
    AppendResult(&body, batch.results[i]);
  }
  body.append("]}");
  HttpResponse response;
  response.body = std::move(body);
  return response;
}

}  // namespace kalam::api
