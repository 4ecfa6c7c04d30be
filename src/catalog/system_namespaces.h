#pragma once

#include "catalog/namespace_catalog.h"
#include "catalog/system_table.h"
#include "catalog/table_catalog.h"

namespace kalam::catalog {

/// system.namespaces: namespace_id, created_at, table_count (dba/system only).
SystemTable MakeNamespacesTable(const NamespaceCatalog* namespaces, const TableCatalog* tables);

}  // namespace kalam::catalog
