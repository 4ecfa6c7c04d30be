#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "common/status.h"
#include "live/subscribe_request.h"

namespace kalam::api {

// The client → server messages of CONTRACT §7, parsed and validated (no socket, no state).

struct WsAuthenticate {
  std::string token;     // set, or username + password
  std::string username;
  std::string password;
};

using WsSubscribe = live::SubscribeRequest;

struct WsUnsubscribe {
  std::string id;
};

struct WsPing {};

using WsMessage = std::variant<WsAuthenticate, WsSubscribe, WsUnsubscribe, WsPing>;

/// Parses one text frame. INVALID_PARAMETER for anything that is not one of the messages (not JSON,
/// nested too deeply, unknown type, missing or mistyped fields). `id` receives the message's "id"
/// when it has a string one, so an error can name the subscription.
Result<WsMessage> ParseWsMessage(std::string_view text, std::string* id);

}  // namespace kalam::api
