#include "common/error_code.h"

#include <array>

namespace kalam {
namespace {

struct ErrorInfo {
  std::string_view wire;
  std::string_view sqlstate;
  int http;
  bool retryable;
};

constexpr std::array kInfos = {
    ErrorInfo{"OK", "00000", 200, false},
#define KALAM_ERROR(name, wire, sqlstate, http, retryable) ErrorInfo{wire, sqlstate, http, retryable},
#include "common/error_codes.def"
#undef KALAM_ERROR
};

const ErrorInfo& Info(ErrorCode code) { return kInfos[static_cast<size_t>(code)]; }

}  // namespace

std::string_view WireCode(ErrorCode code) { return Info(code).wire; }
std::string_view SqlState(ErrorCode code) { return Info(code).sqlstate; }
int HttpStatus(ErrorCode code) { return Info(code).http; }
bool IsRetryable(ErrorCode code) { return Info(code).retryable; }

}  // namespace kalam
