#pragma once

#include <optional>

#include "common/caller.h"
#include "common/ids.h"

namespace kalam::exec {

/// State that lives for one batch (one HTTP request): who runs it and the current namespace,
/// which `USE` changes for the statements after it.
struct Session {
  Caller caller;
  std::optional<NamespaceId> current_namespace;
};

}  // namespace kalam::exec
