#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace kalam::api {

/// Parses a request body that must be a JSON object nested at most 64 levels deep (deeper
/// documents are refused before parsing, so no input can exhaust the stack).
/// INVALID_PARAMETER otherwise.
Result<nlohmann::json> ParseJsonObject(std::string_view body);

}  // namespace kalam::api
