#pragma once

#include <string>

namespace kalam::live {

/// The receiving end of subscriptions: one WebSocket connection. Implementations queue frames and
/// never block the caller.
class Subscriber {
 public:
  virtual ~Subscriber() = default;
  /// Queues one JSON text frame. False when the connection's outbound queue is full or the
  /// connection is gone: the connection then closes itself ("client too slow") and the client
  /// resumes with from_seq.
  virtual bool Send(std::string frame) = 0;
};

}  // namespace kalam::live
