// The C ABI of kalam-link's core for WebAssembly (the TypeScript SDK, sdks/typescript).
//
// Strings go in as (pointer, length) of UTF-8 in the module's memory, written by the caller; a
// function that produces text leaves it in one output buffer that `kl_out_ptr`/`kl_out_len` expose
// until the next call. Functions that can fail return 0 on success and 1 on failure, with the
// failure's message (or error JSON) in the output. Nothing here throws: the module is built with
// -fno-exceptions, and the core never asks nlohmann to throw.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "link/core/live_protocol.h"
#include "link/core/protocol.h"
#include "link/core/statement_cache.h"
#include "link/core/value_kind.h"

#define KL_EXPORT extern "C" __attribute__((used, visibility("default")))

namespace {

using json = nlohmann::json;
using kalam::link::Cell;

std::string g_out;

std::string_view In(const char* p, int32_t n) { return n > 0 ? std::string_view(p, static_cast<size_t>(n)) : std::string_view(); }

int32_t Out(std::string s, int32_t rc = 0) {
  g_out = std::move(s);
  return rc;
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

/// Parameters arrive as a JSON array (the SDK converts bigint, Date and bytes to strings first).
bool ParseParams(std::string_view text, std::vector<Cell>* params) {
  if (text.empty()) return true;
  auto j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_array()) {
    g_out = "params must be an array of values";
    return false;
  }
  params->assign(j.begin(), j.end());
  return true;
}

std::string ErrorJson(const kalam::link::Error& e) {
  json j = {{"code", e.code}, {"sqlstate", e.sqlstate}, {"message", e.message}, {"http_status", e.http_status}};
  if (e.position) j["position"] = *e.position;
  if (e.statement_index) j["statement_index"] = *e.statement_index;
  return Dump(j);
}

kalam::link::StatementCache& Statements() {
  static kalam::link::StatementCache cache(1024);
  return cache;
}

// Handles the SDK holds: prepared statements it runs, and the subscription sets of its clients.
std::map<int32_t, std::shared_ptr<const kalam::link::PreparedStatement>> g_prepared;
std::map<int32_t, kalam::link::SubscriptionSet> g_subs;
int32_t g_next_handle = 1;

kalam::link::SubscriptionSet* Subs(int32_t h) {
  auto it = g_subs.find(h);
  return it == g_subs.end() ? nullptr : &it->second;
}

}  // namespace

KL_EXPORT const char* kl_out_ptr() { return g_out.data(); }
KL_EXPORT int32_t kl_out_len() { return static_cast<int32_t>(g_out.size()); }

// ---- HTTP (CONTRACT §2) ----

/// The body of POST /v1/api/sql. `ns_len` < 0: no namespace.
KL_EXPORT int32_t kl_encode_sql(const char* sql, int32_t sql_len, const char* params, int32_t params_len,
                                const char* ns, int32_t ns_len) {
  std::vector<Cell> values;
  if (!ParseParams(In(params, params_len), &values)) return 1;
  std::optional<std::string> name;
  if (ns_len >= 0) name = std::string(In(ns, ns_len));
  return Out(kalam::link::EncodeSqlRequest(In(sql, sql_len), values, name));
}

/// The error of an answer to POST /v1/api/sql as JSON ({code, sqlstate, message, position?,
/// statement_index?, http_status}); returns 0 with empty output when the answer has none.
KL_EXPORT int32_t kl_response_error(int32_t http_status, const char* body, int32_t body_len) {
  const auto response = kalam::link::DecodeSqlResponse(http_status, In(body, body_len));
  if (!response.error) return Out({}, 0);
  return Out(ErrorJson(*response.error), 1);
}

KL_EXPORT int32_t kl_encode_login(const char* user, int32_t user_len, const char* pass, int32_t pass_len) {
  return Out(kalam::link::EncodeLoginRequest(In(user, user_len), In(pass, pass_len)));
}

/// {token, expires_at, username, role}, or (returning 1) the error JSON.
KL_EXPORT int32_t kl_decode_login(int32_t http_status, const char* body, int32_t body_len) {
  const auto login = kalam::link::DecodeLoginResponse(http_status, In(body, body_len));
  if (login.error) return Out(ErrorJson(*login.error), 1);
  return Out(Dump({{"token", login.token},
                   {"expires_at", login.expires_at},
                   {"username", login.username},
                   {"role", login.role}}));
}

KL_EXPORT int32_t kl_basic_auth(const char* user, int32_t user_len, const char* pass, int32_t pass_len) {
  return Out(kalam::link::BasicAuthorization(In(user, user_len), In(pass, pass_len)));
}

/// One kind letter per column (ValueKindCode) for data types separated by '\n'.
KL_EXPORT int32_t kl_column_plan(const char* types, int32_t types_len) {
  std::string plan;
  std::string_view rest = In(types, types_len);
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    plan += kalam::link::ValueKindCode(kalam::link::ValueKindOf(rest.substr(0, nl)));
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  }
  return Out(std::move(plan));
}

// ---- prepared statements ----

/// A handle (> 0) to the statement, shared with every other prepare() of the same SQL text.
KL_EXPORT int32_t kl_prepare(const char* sql, int32_t sql_len) {
  const int32_t h = g_next_handle++;
  g_prepared[h] = Statements().Prepare(In(sql, sql_len));
  return h;
}

KL_EXPORT int32_t kl_prepared_params(int32_t h) {
  auto it = g_prepared.find(h);
  return it == g_prepared.end() ? -1 : it->second->parameter_count();
}

KL_EXPORT int32_t kl_prepared_encode(int32_t h, const char* params, int32_t params_len) {
  auto it = g_prepared.find(h);
  if (it == g_prepared.end()) return Out("the prepared statement was released", 1);
  std::vector<Cell> values;
  if (!ParseParams(In(params, params_len), &values)) return 1;
  std::string error;
  auto body = it->second->Encode(values, &error);
  if (!body) return Out(std::move(error), 1);
  return Out(std::move(*body));
}

KL_EXPORT void kl_prepared_release(int32_t h) { g_prepared.erase(h); }

// ---- live queries (CONTRACT §7) ----

KL_EXPORT int32_t kl_encode_auth_token(const char* token, int32_t token_len) {
  return Out(kalam::link::EncodeAuthenticateToken(In(token, token_len)));
}

KL_EXPORT int32_t kl_encode_auth_password(const char* user, int32_t user_len, const char* pass, int32_t pass_len) {
  return Out(kalam::link::EncodeAuthenticatePassword(In(user, user_len), In(pass, pass_len)));
}

KL_EXPORT int32_t kl_encode_unsubscribe(const char* id, int32_t id_len) {
  return Out(kalam::link::EncodeUnsubscribe(In(id, id_len)));
}

KL_EXPORT int32_t kl_encode_ping() { return Out(kalam::link::EncodePing()); }

KL_EXPORT int32_t kl_subs_new() {
  const int32_t h = g_next_handle++;
  g_subs[h];
  return h;
}

KL_EXPORT void kl_subs_free(int32_t h) { g_subs.erase(h); }

/// Adds (or replaces) a subscription; options JSON {last_rows?, from_seq?, batch_size?}. The output
/// is its subscribe message.
KL_EXPORT int32_t kl_subs_add(int32_t h, const char* id, int32_t id_len, const char* sql, int32_t sql_len,
                              const char* options, int32_t options_len) {
  auto* subs = Subs(h);
  if (subs == nullptr) return Out("the client is closed", 1);
  kalam::link::SubscribeOptions o;
  if (options_len > 0) {
    auto j = json::parse(In(options, options_len), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return Out("subscribe options must be an object", 1);
    if (auto v = j.find("last_rows"); v != j.end() && v->is_number_integer()) o.last_rows = v->get<int64_t>();
    if (auto v = j.find("batch_size"); v != j.end() && v->is_number_integer()) o.batch_size = v->get<int64_t>();
    if (auto v = j.find("from_seq"); v != j.end() && v->is_string()) o.from_seq = v->get<std::string>();
  }
  const std::string key(In(id, id_len));
  subs->Add(key, std::string(In(sql, sql_len)), o);
  return Out(subs->SubscribeMessage(key));
}

KL_EXPORT void kl_subs_remove(int32_t h, const char* id, int32_t id_len) {
  if (auto* subs = Subs(h)) subs->Remove(std::string(In(id, id_len)));
}

/// Records a `ready` ('r') or `change` ('c') frame's seq; 1 = deliver, 0 = a duplicate to drop.
KL_EXPORT int32_t kl_subs_observe(int32_t h, const char* id, int32_t id_len, int32_t kind, const char* seq,
                                  int32_t seq_len) {
  auto* subs = Subs(h);
  if (subs == nullptr) return 1;
  using Type = kalam::link::ServerFrame::Type;
  const Type type = kind == 'r' ? Type::kReady : kind == 'c' ? Type::kChange : Type::kUnknown;
  return subs->Observe(std::string(In(id, id_len)), type, In(seq, seq_len)) ? 1 : 0;
}

/// The subscribe messages for a fresh connection, as a JSON array of strings.
KL_EXPORT int32_t kl_subs_resume(int32_t h) {
  auto* subs = Subs(h);
  if (subs == nullptr) return Out("[]");
  return Out(Dump(subs->ResumeMessages()));
}

/// The last seq a subscription has seen; returns 0 (empty output) when it has none.
KL_EXPORT int32_t kl_subs_last_seq(int32_t h, const char* id, int32_t id_len) {
  auto* subs = Subs(h);
  if (subs == nullptr) return Out({}, 0);
  auto seq = subs->LastSeq(std::string(In(id, id_len)));
  if (!seq) return Out({}, 0);
  return Out(std::move(*seq), 1);
}
