#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/status.h"

namespace kalam::catalog {

/// When a table is flushed automatically: after `rows` hot row versions, or `interval_seconds`
/// after the last flush when any hot row waits — whichever comes first. An unset part takes the
/// server's [flush] default.
struct FlushPolicy {
  std::optional<int64_t> rows;
  std::optional<int64_t> interval_seconds;
};

/// Parses `rows:N`, `interval:S` or both, comma-separated (`rows:1000,interval:60`); "" is the
/// defaults. INVALID_PARAMETER for anything else (unknown parts, repeats, non-positive numbers).
Result<FlushPolicy> ParseFlushPolicy(std::string_view text);

}  // namespace kalam::catalog
