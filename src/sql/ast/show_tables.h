#pragma once

#include <optional>

#include "common/ids.h"

namespace kalam::sql {

/// SHOW TABLES [IN namespace]
struct ShowTables {
  std::optional<NamespaceId> ns;
};

}  // namespace kalam::sql
