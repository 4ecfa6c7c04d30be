#include "api/ws_protocol.h"

#include <charconv>

#include <fmt/format.h>

#include "api/request_json.h"
#include "common/enum_names.h"
#include "live/frames.h"
#include "live/live_manager.h"

namespace kalam::api {
namespace {

Status Invalid(std::string message) { return Status(ErrorCode::kInvalidParameter, std::move(message)); }

/// An optional non-negative integer option, given as a number or a string of digits (seqs are
/// strings on the wire, as BIGINTs are).
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

}  // namespace

WsProtocol::WsProtocol(ApiContext* ctx, WsTransport* transport, std::string client_addr)
    : ctx_(ctx), transport_(transport), client_addr_(std::move(client_addr)) {}

bool WsProtocol::authenticated() const {
  std::lock_guard lock(mu_);
  return caller_.has_value();
}

void WsProtocol::Authenticated(const Result<Caller>& caller) {
  {
    std::lock_guard lock(mu_);
    authenticating_ = false;
    if (closed_) return;
    if (caller.ok()) caller_ = *caller;
  }
  if (!caller.ok()) {
    transport_->Send(live::ErrorFrame("", caller.error()));
    transport_->Close("authentication failed");
    return;
  }
  transport_->Send(live::AuthSuccessFrame(caller->username.value(), ToString(caller->role)));
}

void WsProtocol::AuthenticateHeader(const std::string& authorization) {
  {
    std::lock_guard lock(mu_);
    authenticating_ = true;
  }
  auto self = transport_->AsSubscriber();
  const Lane lane = ctx_->authenticator->IsQuick(authorization) ? Lane::kQuery : Lane::kPassword;
  transport_->Post(lane, [this, self, authorization] {
    Authenticated(ctx_->authenticator->Authenticate(authorization, client_addr_));
  });
}

void WsProtocol::OnAuthDeadline() {
  {
    std::lock_guard lock(mu_);
    if (caller_ || authenticating_ || closed_) return;
  }
  transport_->Send(live::ErrorFrame("", Status(ErrorCode::kMissingAuthorization,
                                               "authenticate within the time allowed ([websocket] auth_timeout_seconds)")));
  transport_->Close("authentication timeout");
}

void WsProtocol::OnBinary() {
  transport_->Send(live::ErrorFrame("", Invalid("binary frames are not supported: send JSON text frames")));
}

void WsProtocol::OnClosed() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  if (ctx_->live != nullptr) ctx_->live->DropSubscriber(transport_->AsSubscriber().get());
}

void WsProtocol::OnText(std::string_view text) {
  auto message = ParseJsonObject(text);
  if (!message.ok()) {
    transport_->Send(live::ErrorFrame("", Invalid("a message must be a JSON object: " + message.error().message())));
    return;
  }
  const nlohmann::json& m = *message;
  auto type_it = m.find("type");
  if (type_it == m.end() || !type_it->is_string()) {
    transport_->Send(live::ErrorFrame("", Invalid("a message needs a \"type\"")));
    return;
  }
  const std::string& type = type_it->get_ref<const std::string&>();
  std::string id;
  if (auto it = m.find("id"); it != m.end() && it->is_string()) id = it->get<std::string>();

  if (type == "ping") {
    transport_->Send(live::PongFrame());
    return;
  }
  std::optional<Caller> caller;
  bool busy = false;
  {
    std::lock_guard lock(mu_);
    caller = caller_;
    busy = authenticating_;
  }
  if (type == "authenticate") {
    if (caller || busy) {
      transport_->Send(live::ErrorFrame(id, Invalid("the connection is already authenticated")));
      return;
    }
    auto token = m.find("token");
    auto user = m.find("username");
    auto password = m.find("password");
    if (token != m.end() && token->is_string()) {
      AuthenticateHeader("Bearer " + token->get<std::string>());
      return;
    }
    if (user != m.end() && user->is_string() && password != m.end() && password->is_string()) {
      {
        std::lock_guard lock(mu_);
        authenticating_ = true;
      }
      auto self = transport_->AsSubscriber();
      transport_->Post(Lane::kPassword, [this, self, u = user->get<std::string>(), p = password->get<std::string>()] {
        Authenticated(ctx_->authenticator->CheckPassword(u, p, client_addr_));
      });
      return;
    }
    transport_->Send(live::ErrorFrame(id, Invalid("authenticate with {\"token\"} or {\"username\", \"password\"}")));
    return;
  }
  if (!caller) {
    transport_->Send(live::ErrorFrame(id, Status(ErrorCode::kMissingAuthorization, "authenticate first")));
    return;
  }
  if (type == "subscribe") {
    auto sql = m.find("sql");
    if (id.empty() || sql == m.end() || !sql->is_string()) {
      transport_->Send(live::ErrorFrame(id, Invalid("subscribe needs a string \"id\" and a string \"sql\"")));
      return;
    }
    nlohmann::json options = nlohmann::json::object();
    if (auto it = m.find("options"); it != m.end() && !it->is_null()) {
      if (!it->is_object()) {
        transport_->Send(live::ErrorFrame(id, Invalid("\"options\" must be an object")));
        return;
      }
      options = *it;
    }
    auto last_rows = IntegerOption(options, "last_rows");
    auto from_seq = IntegerOption(options, "from_seq");
    auto batch_size = IntegerOption(options, "batch_size");
    for (const auto* r : {&last_rows, &from_seq, &batch_size}) {
      if (!r->ok()) {
        transport_->Send(live::ErrorFrame(id, r->error()));
        return;
      }
    }
    Subscribe(*caller, id, sql->get<std::string>(), options.dump(), *last_rows, *from_seq,
              batch_size->value_or(1000));
    return;
  }
  if (type == "unsubscribe") {
    if (ctx_->live != nullptr && ctx_->live->Unsubscribe(transport_->AsSubscriber().get(), id)) {
      transport_->Send(live::UnsubscribedFrame(id));
    } else {
      transport_->Send(live::ErrorFrame(id, Invalid(fmt::format("no subscription \"{}\" on this connection", id))));
    }
    return;
  }
  transport_->Send(live::ErrorFrame(id, Invalid(fmt::format("unknown message type \"{}\"", type))));
}

void WsProtocol::Subscribe(const Caller& caller, std::string id, std::string sql, std::string options_json,
                           std::optional<int64_t> last_rows, std::optional<int64_t> from_seq, int64_t batch_size) {
  if (ctx_->live == nullptr) {
    transport_->Send(live::ErrorFrame(id, Status(ErrorCode::kFeatureNotSupported, "live queries are not running")));
    return;
  }
  live::SubscribeRequest request;
  request.id = std::move(id);
  request.sql = std::move(sql);
  request.options_json = std::move(options_json);
  request.last_rows = last_rows;
  request.from_seq = from_seq;
  request.batch_size = batch_size;
  auto self = transport_->AsSubscriber();
  transport_->Post(Lane::kQuery, [this, self, caller, request = std::move(request)] {
    auto subscribed = ctx_->live->Subscribe(self, caller, request, client_addr_);
    if (!subscribed.ok()) transport_->Send(live::ErrorFrame(request.id, subscribed.error()));
  });
}

}  // namespace kalam::api
