#pragma once

#include <functional>
#include <memory>
#include <string>

#include "link/core/live_protocol.h"

namespace kalam::link {

struct LiveCallbacks {
  /// Every frame of a subscription (ack, initial data, ready, change, unsubscribed, error), on the
  /// client's thread; changes already delivered before a reconnect are not repeated.
  std::function<void(const ServerFrame&)> on_frame;
  /// The connection came up (true) or went down (false, with the reason); it comes back by itself.
  std::function<void(bool connected, const std::string& reason)> on_connection;
};

/// Live queries for native programs: one WebSocket to `/v1/ws` on its own thread, authenticated by
/// the `Authorization` value on the upgrade. When the connection drops it reconnects (100 ms doubling
/// to 5 s) and resumes every subscription from the last seq it saw, so no change is missed or
/// repeated. Thread-safe.
class LiveClient {
 public:
  LiveClient(std::string http_url, std::string authorization, LiveCallbacks callbacks);
  ~LiveClient();
  LiveClient(const LiveClient&) = delete;
  LiveClient& operator=(const LiveClient&) = delete;

  void Subscribe(const std::string& id, const std::string& sql, const SubscribeOptions& options = {});
  void Unsubscribe(const std::string& id);
  /// Closes the connection and stops reconnecting. Idempotent.
  void Close();

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace kalam::link
