#pragma once

#include <cstdint>
#include <string_view>

namespace kalam {

/// Every error KalamDB can report; the list lives in error_codes.def.
enum class ErrorCode : uint8_t {
  kOk = 0,
#define KALAM_ERROR(name, wire, sqlstate, http, retryable) name,
#include "common/error_codes.def"
#undef KALAM_ERROR
};

/// Wire code of CONTRACT §2, e.g. "TABLE_NOT_FOUND". "OK" for kOk.
std::string_view WireCode(ErrorCode code);
/// PostgreSQL SQLSTATE, e.g. "42P01". "00000" for kOk.
std::string_view SqlState(ErrorCode code);
/// HTTP status the API answers with. 200 for kOk.
int HttpStatus(ErrorCode code);
/// Whether a client may retry the same request unchanged.
bool IsRetryable(ErrorCode code);

}  // namespace kalam
