// Upload bodies (POST /v1/files): the first line is the Content-Type, the rest the body. Any bytes
// give parts that lie inside the body, or a clean error — never a crash or a read past the end.
#include <cstdint>
#include <string_view>

#include "api/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t eol = input.find('\n');
  const std::string_view type = input.substr(0, eol);
  const std::string_view body = eol == std::string_view::npos ? std::string_view() : input.substr(eol + 1);
  auto parts = kalam::api::ParseMultipart(type, body);
  if (!parts.ok()) return 0;
  for (const auto& part : *parts) {
    if (part.data.data() < body.data() || part.data.data() + part.data.size() > body.data() + body.size()) {
      __builtin_trap();
    }
  }
  return 0;
}
