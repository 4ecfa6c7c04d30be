#include "api/request_json.h"

namespace kalam::api {
namespace {

constexpr int kMaxDepth = 64;

bool TooDeep(std::string_view body) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxDepth) return true;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return false;
}

}  // namespace

Result<nlohmann::json> ParseJsonObject(std::string_view body) {
  if (TooDeep(body)) {
    return Status(ErrorCode::kInvalidParameter, "request body is nested too deeply");
  }
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    return Status(ErrorCode::kInvalidParameter, "request body is not valid JSON");
  }
  if (!json.is_object()) {
    return Status(ErrorCode::kInvalidParameter, "request body must be a JSON object");
  }
  return json;
}

}  // namespace kalam::api
