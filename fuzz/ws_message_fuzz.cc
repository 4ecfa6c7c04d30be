// The WebSocket message parser: any text frame a client sends (CONTRACT §7).
#include <cstddef>
#include <cstdint>
#include <string>

#include "api/ws_messages.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string id;
  auto message = kalam::api::ParseWsMessage(std::string_view(reinterpret_cast<const char*>(data), size), &id);
  if (message.ok()) {
    if (auto* s = std::get_if<kalam::api::WsSubscribe>(&*message); s != nullptr && s->id.empty()) __builtin_trap();
  }
  return 0;
}
