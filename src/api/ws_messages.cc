#include "api/ws_messages.h"

#include <charconv>

#include <fmt/format.h>

#include "api/request_json.h"

namespace kalam::api {
namespace {

Status Invalid(std::string message) { return Status(ErrorCode::kInvalidParameter, std::move(message)); }

/// An optional integer option, given as a number or a string of digits (seqs are strings on the
/// wire, as BIGINTs are).
Result<std::optional<int64_t>> IntegerOption(const nlohmann::json& options, const char* name) {
  auto it = options.find(name);
  if (it == options.end() || it->is_null()) return std::optional<int64_t>();
  if (it->is_number_integer()) {
    if (it->is_number_unsigned() && it->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      return Invalid(fmt::format("\"{}\" is out of range", name));
    }
    return std::optional<int64_t>(it->get<int64_t>());
  }
  if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) return std::optional<int64_t>(v);
  }
  return Invalid(fmt::format("\"{}\" must be an integer (or a string of digits)", name));
}

std::optional<std::string> StringField(const nlohmann::json& m, const char* name) {
  auto it = m.find(name);
  if (it == m.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

Result<WsMessage> ParseSubscribe(const nlohmann::json& m, std::string id) {
  auto sql = StringField(m, "sql");
  if (id.empty() || !sql) return Invalid("subscribe needs a string \"id\" and a string \"sql\"");
  WsSubscribe s;
  s.id = std::move(id);
  s.sql = std::move(*sql);
  nlohmann::json options = nlohmann::json::object();
  if (auto it = m.find("options"); it != m.end() && !it->is_null()) {
    if (!it->is_object()) return Invalid("\"options\" must be an object");
    options = *it;
  }
  KALAM_ASSIGN_OR_RETURN(s.last_rows, IntegerOption(options, "last_rows"));
  KALAM_ASSIGN_OR_RETURN(s.from_seq, IntegerOption(options, "from_seq"));
  KALAM_ASSIGN_OR_RETURN(auto batch_size, IntegerOption(options, "batch_size"));
  s.batch_size = batch_size.value_or(1000);
  s.options_json = options.dump();
  return WsMessage(std::move(s));
}

}  // namespace

Result<WsMessage> ParseWsMessage(std::string_view text, std::string* id) {
  auto message = ParseJsonObject(text);
  if (!message.ok()) return Invalid("a message must be a JSON object: " + message.error().message());
  const nlohmann::json& m = *message;
  if (auto given = StringField(m, "id")) *id = *given;
  auto type = StringField(m, "type");
  if (!type) return Invalid("a message needs a string \"type\"");
  if (*type == "ping") return WsMessage(WsPing{});
  if (*type == "authenticate") {
    WsAuthenticate a;
    if (auto token = StringField(m, "token")) {
      a.token = std::move(*token);
      return WsMessage(std::move(a));
    }
    auto user = StringField(m, "username");
    auto password = StringField(m, "password");
    if (!user || !password) return Invalid("authenticate with {\"token\"} or {\"username\", \"password\"}");
    a.username = std::move(*user);
    a.password = std::move(*password);
    return WsMessage(std::move(a));
  }
  if (*type == "subscribe") return ParseSubscribe(m, *id);
  if (*type == "unsubscribe") {
    if (id->empty()) return Invalid("unsubscribe needs a string \"id\"");
    return WsMessage(WsUnsubscribe{*id});
  }
  return Invalid(fmt::format("unknown message type \"{}\"", *type));
}

}  // namespace kalam::api
