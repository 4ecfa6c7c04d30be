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
    AppendRowJson(&out, rows[i], schema);
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

std::string RowJson(const Row& row, const std::vector<ColumnInfo>& schema) {
  std::string out;
  AppendRowJson(&out, row, schema);
  return out;
}

void ChangeRun::Add(store::ChangeKind change_kind, std::string_view row, std::string_view old_row,
                    int64_t change_seq) {
  kind = change_kind;
  if (!row.empty()) {
    if (!rows.empty()) rows.push_back(',');
    rows.append(row);
  }
  if (!old_row.empty()) {
    if (!old_rows.empty()) old_rows.push_back(',');
    old_rows.append(old_row);
  }
  ++count;
  seq = change_seq;
}

void ChangeRun::Clear() {
  rows.clear();
  old_rows.clear();
  count = 0;
  seq = 0;
}

std::string ChangeFrame(std::string_view id, const ChangeRun& run) {
  std::string out;
  out.reserve(96 + id.size() + run.rows.size() + run.old_rows.size());
  out.append("{\"type\":\"change\",");
  AppendId(&out, id);
  out.append(",\"change_type\":\"");
  out.append(ChangeTypeName(run.kind));
  out.push_back('"');
  if (run.kind != store::ChangeKind::kDelete) {
    out.append(",\"rows\":[");
    out.append(run.rows);
    out.push_back(']');
  }
  if (run.kind != store::ChangeKind::kInsert) {
    out.append(",\"old_rows\":[");
    out.append(run.old_rows);
    out.push_back(']');
  }
  fmt::format_to(std::back_inserter(out), ",\"seq\":\"{}\"}}", run.seq);
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
