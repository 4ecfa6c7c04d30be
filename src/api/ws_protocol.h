#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "api/api_context.h"
#include "api/http_types.h"
#include "api/ws_messages.h"
#include "common/caller.h"
#include "live/subscriber.h"

namespace kalam::api {

/// What the protocol needs from a WebSocket connection (the Beast session implements it).
class WsTransport {
 public:
  virtual ~WsTransport() = default;
  /// Queues a text frame; false when the queue is full (the connection then closes).
  virtual bool Send(std::string frame) = 0;
  /// Sends what is queued, then closes with `reason`.
  virtual void Close(std::string reason) = 0;
  /// Runs `fn` on a worker thread of `lane` (never on the I/O thread).
  virtual void Post(Lane lane, std::function<void()> fn) = 0;
  /// The connection as the live manager holds it.
  virtual std::shared_ptr<live::Subscriber> AsSubscriber() = 0;
};

/// The client → server messages of CONTRACT §7 on one connection, without any socket code:
/// authentication (in-band, or by the upgrade's Authorization header), subscribe, unsubscribe,
/// ping. Thread-safe: messages arrive on the connection's I/O strand, results of blocking work
/// (password checks, initial data) from workers.
class WsProtocol {
 public:
  WsProtocol(ApiContext* ctx, WsTransport* transport, std::string client_addr);

  /// The upgrade request carried `Authorization`: authenticate with it (answers auth_success or
  /// an error and closes).
  void AuthenticateHeader(const std::string& authorization);
  /// One text frame from the client.
  void OnText(std::string_view text);
  /// A binary frame: refused with an error frame.
  void OnBinary();
  /// The connection closed: its subscriptions end.
  void OnClosed();
  /// The auth deadline passed: closes unless authenticated.
  void OnAuthDeadline();
  bool authenticated() const;

 private:
  void Authenticated(const Result<Caller>& caller);
  void Subscribe(const Caller& caller, WsSubscribe subscribe);

  ApiContext* ctx_;
  WsTransport* transport_;
  std::string client_addr_;
  mutable std::mutex mu_;
  std::optional<Caller> caller_;  // guarded by mu_
  bool authenticating_ = false;   // guarded by mu_
  bool closed_ = false;           // guarded by mu_
};

}  // namespace kalam::api
