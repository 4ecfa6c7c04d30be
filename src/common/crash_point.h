#pragma once

#include <string_view>

namespace kalam {

/// Test hook for crash-recovery tests: when the environment variable KALAMDB_CRASH_AT equals
/// `point`, the process ends right here as `kill -9` would end it (no destructor runs, nothing is
/// flushed). Points are named `<job>-<step>`, e.g. `flush-after-upload`. No effect otherwise.
void CrashPoint(std::string_view point);

}  // namespace kalam
