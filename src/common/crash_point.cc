#include "common/crash_point.h"

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace kalam {

void CrashPoint(std::string_view point) {
  static const std::string armed = [] {
    const char* v = std::getenv("KALAMDB_CRASH_AT");
    return std::string(v == nullptr ? "" : v);
  }();
  if (!armed.empty() && armed == point) ::_exit(137);
}

}  // namespace kalam
