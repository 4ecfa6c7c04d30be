#include "link/core/live_protocol.h"

namespace kalam::link {
namespace {

using json = nlohmann::json;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return {};
}

std::vector<CellRow> Rows(const json& j, const char* key) {
  std::vector<CellRow> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& r : *it) {
    if (r.is_array()) out.emplace_back(r.begin(), r.end());
  }
  return out;
}

}  // namespace

std::string EncodeAuthenticateToken(std::string_view token) {
  return Dump({{"type", "authenticate"}, {"token", std::string(token)}});
}

std::string EncodeAuthenticatePassword(std::string_view username, std::string_view password) {
  return Dump({{"type", "authenticate"}, {"username", std::string(username)}, {"password", std::string(password)}});
}

std::string EncodeSubscribe(std::string_view id, std::string_view sql, const SubscribeOptions& options) {
  json j = {{"type", "subscribe"}, {"id", std::string(id)}, {"sql", std::string(sql)}};
  json o = json::object();
  if (options.last_rows) o["last_rows"] = *options.last_rows;
  if (options.from_seq) o["from_seq"] = *options.from_seq;
  if (options.batch_size) o["batch_size"] = *options.batch_size;
  if (!o.empty()) j["options"] = o;
  return Dump(j);
}

std::string EncodeUnsubscribe(std::string_view id) { return Dump({{"type", "unsubscribe"}, {"id", std::string(id)}}); }

std::string EncodePing() { return R"({"type":"ping"})"; }

ServerFrame DecodeServerFrame(std::string_view text) {
  ServerFrame f;
  auto j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    f.type = ServerFrame::Type::kError;
    f.error.code = "PROTOCOL_ERROR";
    f.error.sqlstate = "08P01";
    f.error.message = "the server sent a frame that is not a JSON object";
    return f;
  }
  const std::string type = Str(j, "type");
  f.id = Str(j, "id");
  if (type == "auth_success") {
    f.type = ServerFrame::Type::kAuthSuccess;
    f.username = Str(j, "username");
    f.role = Str(j, "role");
  } else if (type == "subscription_ack") {
    f.type = ServerFrame::Type::kSubscriptionAck;
    f.live_id = Str(j, "live_id");
    if (auto s = j.find("schema"); s != j.end() && s->is_array()) {
      for (const auto& c : *s) f.columns.push_back(Column{Str(c, "name"), Str(c, "data_type")});
    }
  } else if (type == "initial_data_batch") {
    f.type = ServerFrame::Type::kInitialDataBatch;
    f.rows = Rows(j, "rows");
    f.has_more = j.value("has_more", false);
  } else if (type == "ready") {
    f.type = ServerFrame::Type::kReady;
    f.seq = Str(j, "seq");
  } else if (type == "change") {
    f.type = ServerFrame::Type::kChange;
    f.change_type = Str(j, "change_type");
    f.rows = Rows(j, "rows");
    f.old_rows = Rows(j, "old_rows");
    f.seq = Str(j, "seq");
  } else if (type == "unsubscribed") {
    f.type = ServerFrame::Type::kUnsubscribed;
  } else if (type == "pong") {
    f.type = ServerFrame::Type::kPong;
  } else if (type == "error") {
    f.type = ServerFrame::Type::kError;
    f.error.code = Str(j, "code");
    f.error.sqlstate = Str(j, "sqlstate");
    f.error.message = Str(j, "message");
    if (auto p = j.find("position"); p != j.end() && p->is_number_integer()) f.error.position = p->get<int>();
  }
  return f;
}

int CompareSeq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  const int c = a.compare(b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

void SubscriptionSet::Add(const std::string& id, const std::string& sql, const SubscribeOptions& options) {
  subs_[id] = Entry{sql, options, options.from_seq};
}

void SubscriptionSet::Remove(const std::string& id) { subs_.erase(id); }

bool SubscriptionSet::Observe(const ServerFrame& frame) { return Observe(frame.id, frame.type, frame.seq); }

bool SubscriptionSet::Observe(const std::string& id, ServerFrame::Type type, std::string_view seq) {
  auto it = subs_.find(id);
  if (it == subs_.end() || seq.empty()) return true;
  if (type != ServerFrame::Type::kReady && type != ServerFrame::Type::kChange) return true;
  auto& last = it->second.last_seq;
  if (type == ServerFrame::Type::kChange && last && CompareSeq(seq, *last) <= 0) return false;
  if (!last || CompareSeq(seq, *last) > 0) last = std::string(seq);
  return true;
}

std::string SubscriptionSet::SubscribeMessage(const std::string& id) const {
  const Entry& e = subs_.at(id);
  SubscribeOptions o = e.options;
  if (e.last_seq) {
    o.from_seq = e.last_seq;
    o.last_rows.reset();  // resuming: changes only
  }
  return EncodeSubscribe(id, e.sql, o);
}

std::vector<std::string> SubscriptionSet::ResumeMessages() const {
  std::vector<std::string> out;
  for (const auto& [id, e] : subs_) out.push_back(SubscribeMessage(id));
  return out;
}

std::vector<std::string> SubscriptionSet::Ids() const {
  std::vector<std::string> out;
  for (const auto& [id, e] : subs_) out.push_back(id);
  return out;
}

std::optional<std::string> SubscriptionSet::LastSeq(const std::string& id) const {
  auto it = subs_.find(id);
  if (it == subs_.end()) return std::nullopt;
  return it->second.last_seq;
}

}  // namespace kalam::link
