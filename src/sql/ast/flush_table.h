#pragma once

#include <optional>

#include "common/ids.h"
#include "sql/ast/table_ref.h"

namespace kalam::sql {

/// FLUSH TABLE t | FLUSH ALL TABLES [IN namespace]
struct FlushTable {
  /// Set for FLUSH TABLE.
  std::optional<TableRef> table;
  /// FLUSH ALL TABLES IN ns; neither set = every table of every namespace.
  std::optional<NamespaceId> ns;
};

}  // namespace kalam::sql
