#include "link/core/protocol.h"

namespace kalam::link {
namespace {

using json = nlohmann::json;

Error ProtocolError(int status, std::string_view what) {
  Error e;
  e.code = "PROTOCOL_ERROR";
  e.sqlstate = "08P01";
  e.message = std::string(what);
  e.http_status = status;
  return e;
}

std::optional<json> Parse(std::string_view body) {
  auto j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Error DecodeError(int status, const json& e) {
  Error out;
  out.http_status = status;
  out.code = Str(e, "code");
  out.sqlstate = Str(e, "sqlstate");
  out.message = Str(e, "message");
  if (auto p = e.find("position"); p != e.end() && p->is_number_integer()) out.position = p->get<int>();
  if (auto s = e.find("statement_index"); s != e.end() && s->is_number_integer()) out.statement_index = s->get<int>();
  return out;
}

}  // namespace

std::string EncodeSqlRequest(std::string_view sql, const std::vector<Cell>& params, const std::optional<std::string>& ns) {
  json body = {{"sql", std::string(sql)}};
  if (!params.empty()) body["params"] = params;
  if (ns) body["namespace"] = *ns;
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

Response DecodeSqlResponse(int http_status, std::string_view body) {
  Response out;
  auto j = Parse(body);
  if (!j) {
    out.error = ProtocolError(http_status, "the server's answer is not JSON (HTTP " + std::to_string(http_status) + ")");
    return out;
  }
  if (auto t = j->find("took_ms"); t != j->end() && t->is_number()) out.took_ms = t->get<double>();
  if (auto e = j->find("error"); e != j->end() && e->is_object()) {
    out.error = DecodeError(http_status, *e);
  }
  auto results = j->find("results");
  if (results == j->end() || !results->is_array()) {
    if (!out.error) out.error = ProtocolError(http_status, "the server's answer has no results");
    return out;
  }
  for (const auto& r : *results) {
    QueryResult q;
    if (auto schema = r.find("schema"); schema != r.end() && schema->is_array()) {
      q.has_rows = true;
      for (const auto& c : *schema) q.columns.push_back(Column{Str(c, "name"), Str(c, "data_type")});
    }
    if (auto rows = r.find("rows"); rows != r.end() && rows->is_array()) {
      q.has_rows = true;
      for (const auto& row : *rows) {
        if (!row.is_array()) continue;
        q.rows.emplace_back(row.begin(), row.end());
      }
    }
    if (auto n = r.find("row_count"); n != r.end() && n->is_number_integer()) q.row_count = n->get<int64_t>();
    q.message = Str(r, "message");
    out.results.push_back(std::move(q));
  }
  return out;
}

std::string EncodeLoginRequest(std::string_view username, std::string_view password) {
  return json{{"username", std::string(username)}, {"password", std::string(password)}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
}

LoginResult DecodeLoginResponse(int http_status, std::string_view body) {
  LoginResult out;
  auto j = Parse(body);
  if (!j) {
    out.error = ProtocolError(http_status, "the login answer is not JSON");
    return out;
  }
  if (auto e = j->find("error"); e != j->end() && e->is_object()) {
    out.error = DecodeError(http_status, *e);
    return out;
  }
  out.token = Str(*j, "access_token");
  out.expires_at = Str(*j, "expires_at");
  if (auto u = j->find("user"); u != j->end() && u->is_object()) {
    out.username = Str(*u, "username");
    out.role = Str(*u, "role");
  }
  if (out.token.empty()) out.error = ProtocolError(http_status, "the login answer has no access_token");
  return out;
}

Health DecodeHealthResponse(int http_status, std::string_view body) {
  Health out;
  auto j = Parse(body);
  if (!j) {
    out.error = ProtocolError(http_status, "the health check answer is not JSON");
    return out;
  }
  out.status = Str(*j, "status");
  out.version = Str(*j, "version");
  if (http_status != 200) out.error = ProtocolError(http_status, "the server is " + (out.status.empty() ? "unhealthy" : out.status));
  return out;
}

std::string BasicAuthorization(std::string_view username, std::string_view password) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string in = std::string(username) + ":" + std::string(password);
  std::string out;
  for (size_t i = 0; i < in.size(); i += 3) {
    uint32_t n = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<uint8_t>(in[i + 1]) << 8;
    if (i + 2 < in.size()) n |= static_cast<uint8_t>(in[i + 2]);
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? kAlphabet[(n >> 6) & 63] : '=');
    out.push_back(i + 2 < in.size() ? kAlphabet[n & 63] : '=');
  }
  return "Basic " + out;
}

}  // namespace kalam::link
