#pragma once

#include "catalog/namespace_catalog.h"
#include "catalog/system_table.h"

namespace kalam::catalog {

/// system.namespaces: namespace_id, created_at, table_count (dba/system only).
SystemTable MakeNamespacesTable(const NamespaceCatalog* namespaces);

}  // namespace kalam::catalog
