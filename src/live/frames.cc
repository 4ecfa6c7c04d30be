#include "live/frames.h"

#include <fmt/format.h>

#include "common/json_text.h"
#include "common/value_json.h"

namespace kalam::live {
namespace {

void AppendId(std::string* out, std::string_view id) {
  out->append("\"id\":");
  AppendJsonString(out, id);
}

void AppendRow(std::string* out, const Row& row, const std::vector<ColumnInfo>& schema) {
  out->push_back('[');
  for (size_t c = 0; c < row.size(); ++c) {
    if (c > 0) out->push_back(',');
    AppendValueJson(out, row[c], schema[c].type);
  }
  out->push_back(']');
}

}  // namespace

std::string_view ChangeTypeName(store::ChangeKind kind) {
  switch (kind) {
    case store::ChangeKind::kInsert: return "insert";
    case store::ChangeKind::kUpdate: return "update";
    case store::ChangeKind::kDelete: return "delete";
  }
  return "insert";
}

std::string AckFrame(std::string_view id, std::string_view live_id, const std::vector<ColumnInfo>& schema) {
  std::string out = "{\"type\":\"subscription_ack\",";
  AppendId(&out, id);
  out.append(",\"live_id\":");
  AppendJsonString(&out, live_id);
  out.push_back(',');
  AppendSchemaJson(&out, schema);
  out.push_back('}');
  return out;
}

std::string InitialBatchFrame(std::string_view id, const std::vector<ColumnInfo>& schema,
                              const std::vector<Row>& rows, size_t begin, size_t end, bool has_more) {
  std::string out = "{\"type\":\"initial_data_batch\",";
  AppendId(&out, id);
  out.append(",\"rows\":[");
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) out.push_back(',');
    AppendRow(&out, rows[i], schema);
  }
  out.append(has_more ? "],\"has_more\":true}" : "],\"has_more\":false}");
  return out;
}

std::string ReadyFrame(std::string_view id, int64_t seq) {
  std::string out = "{\"type\":\"ready\",";
  AppendId(&out, id);
  fmt::format_to(std::back_inserter(out), ",\"seq\":\"{}\"}}", seq);
  return out;
}

std::string ChangeFrameBody(store::ChangeKind kind, const std::vector<ColumnInfo>& schema, const Row* row,
                            const Row* old_row, int64_t seq) {
  std::string out = ",\"change_type\":\"";
  out.append(ChangeTypeName(kind));
  out.push_back('"');
  if (row != nullptr) {
    out.append(",\"rows\":[");
    AppendRow(&out, *row, schema);
    out.push_back(']');
  }
  if (old_row != nullptr) {
    out.append(",\"old_rows\":[");
    AppendRow(&out, *old_row, schema);
    out.push_back(']');
  }
  fmt::format_to(std::back_inserter(out), ",\"seq\":\"{}\"}}", seq);
  return out;
}

std::string ChangeFrame(std::string_view id, std::string_view body) {
  std::string out;
  out.reserve(32 + id.size() + body.size());
  out.append("{\"type\":\"change\",");
  AppendId(&out, id);
  out.append(body);
  return out;
}

std::string UnsubscribedFrame(std::string_view id) {
  std::string out = "{\"type\":\"unsubscribed\",";
  AppendId(&out, id);
  out.push_back('}');
  return out;
}

std::string ErrorFrame(std::string_view id, const Status& status) {
  std::string out = "{\"type\":\"error\",\"id\":";
  if (id.empty()) {
    out.append("null");
  } else {
    AppendJsonString(&out, id);
  }
  out.push_back(',');
  AppendErrorFieldsJson(&out, status);
  if (status.position()) fmt::format_to(std::back_inserter(out), ",\"position\":{}", *status.position());
  out.push_back('}');
  return out;
}

std::string AuthSuccessFrame(std::string_view username, std::string_view role) {
  std::string out = "{\"type\":\"auth_success\",\"username\":";
  AppendJsonString(&out, username);
  out.append(",\"role\":");
  AppendJsonString(&out, role);
  out.push_back('}');
  return out;
}

std::string PongFrame() { return "{\"type\":\"pong\"}"; }

}  // namespace kalam::live
