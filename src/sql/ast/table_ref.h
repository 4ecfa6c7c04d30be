#pragma once

#include <optional>

#include "common/ids.h"

namespace kalam::sql {

/// `[namespace.]table` as written; the namespace defaults to the session's (USE).
struct TableRef {
  std::optional<NamespaceId> ns;
  TableName name;
};

}  // namespace kalam::sql
