#pragma once

#include <cstdint>
#include <optional>

#include "common/caller.h"
#include "common/ids.h"

namespace kalam::exec {

/// State that lives for one batch (one HTTP request): who runs it and the current namespace,
/// which `USE` changes for the statements after it.
struct Session {
  Caller caller;
  std::optional<NamespaceId> current_namespace;
  /// NOW() of the statement being run, set as it starts: as in PostgreSQL, every NOW(),
  /// CURRENT_DATE and default of one statement is the same instant. 0 = read the clock.
  int64_t statement_time_us = 0;
};

}  // namespace kalam::exec
