// Request bodies (POST /v1/api/sql, login): any bytes give an object or a clean error, never a
// crash or unbounded recursion (nesting is limited before parsing).
#include <cstdint>
#include <string_view>

#include "api/request_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto parsed = kalam::api::ParseJsonObject(body);
  if (parsed.ok() && !parsed->is_object()) __builtin_trap();
  return 0;
}
