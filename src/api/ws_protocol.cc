#include "api/ws_protocol.h"

#include <fmt/format.h>

#include "api/ws_messages.h"
#include "common/enum_names.h"
#include "live/frames.h"
#include "live/live_manager.h"

namespace kalam::api {
namespace {

Status Invalid(std::string message) { return Status(ErrorCode::kInvalidParameter, std::move(message)); }

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
  std::string id;
  auto message = ParseWsMessage(text, &id);
  if (!message.ok()) {
    transport_->Send(live::ErrorFrame(id, message.error()));
    return;
  }
  if (std::holds_alternative<WsPing>(*message)) {
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
  if (auto* a = std::get_if<WsAuthenticate>(&*message)) {
    if (caller || busy) {
      transport_->Send(live::ErrorFrame(id, Invalid("the connection is already authenticated")));
      return;
    }
    if (!a->token.empty()) {
      AuthenticateHeader("Bearer " + a->token);
      return;
    }
    {
      std::lock_guard lock(mu_);
      authenticating_ = true;
    }
    auto self = transport_->AsSubscriber();
    transport_->Post(Lane::kPassword, [this, self, u = std::move(a->username), p = std::move(a->password)] {
      Authenticated(ctx_->authenticator->CheckPassword(u, p, client_addr_));
    });
    return;
  }
  if (!caller) {
    transport_->Send(live::ErrorFrame(id, Status(ErrorCode::kMissingAuthorization, "authenticate first")));
    return;
  }
  if (auto* s = std::get_if<WsSubscribe>(&*message)) {
    Subscribe(*caller, std::move(*s));
    return;
  }
  const auto& u = std::get<WsUnsubscribe>(*message);
  if (ctx_->live != nullptr && ctx_->live->Unsubscribe(transport_->AsSubscriber().get(), u.id)) {
    transport_->Send(live::UnsubscribedFrame(u.id));
  } else {
    transport_->Send(live::ErrorFrame(u.id, Invalid(fmt::format("no subscription \"{}\" on this connection", u.id))));
  }
}

void WsProtocol::Subscribe(const Caller& caller, WsSubscribe s) {
  if (ctx_->live == nullptr) {
    transport_->Send(live::ErrorFrame(s.id, Status(ErrorCode::kFeatureNotSupported, "live queries are not running")));
    return;
  }
  live::SubscribeRequest request = std::move(s);
  auto self = transport_->AsSubscriber();
  transport_->Post(Lane::kQuery, [this, self, caller, request = std::move(request)] {
    auto subscribed = ctx_->live->Subscribe(self, caller, request, client_addr_);
    if (!subscribed.ok()) transport_->Send(live::ErrorFrame(request.id, subscribed.error()));
  });
}

}  // namespace kalam::api
