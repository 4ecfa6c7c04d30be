#include "api/responses.h"

#include <fmt/format.h>

#include "common/json_text.h"
#include "common/value_json.h"

namespace kalam::api {
namespace {

void AppendTookMs(std::string* out, double took_ms) {
  fmt::format_to(std::back_inserter(*out), "\"took_ms\":{:.3f}", took_ms);
}

void AppendResult(std::string* out, const exec::StatementResult& r) {
  out->push_back('{');
  if (r.rows) {
    AppendSchemaJson(out, r.rows->columns);
    out->append(",\"rows\":[");
    for (size_t i = 0; i < r.rows->rows.size(); ++i) {
      if (i > 0) out->push_back(',');
      AppendRowJson(out, r.rows->rows[i], r.rows->columns);
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

HttpResponse ErrorResponse(const Status& status, double took_ms, std::optional<int> statement_index) {
  std::string body = "{\"status\":\"error\",";
  AppendTookMs(&body, took_ms);
  body.append(",\"results\":[],\"error\":{");
  AppendErrorFieldsJson(&body, status);
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
