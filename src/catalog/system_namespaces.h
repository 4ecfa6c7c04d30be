#pragma once

#include "catalog/namespace_catalog.h"
#include "catalog/system_table.h"
#include "catalog/table_catalog.h"

namespace kalam::catalog {

/// system.namespaces: namespace_id, created_at, table_count (dba/system only).
SystemTable MakeNamespacesTable(const NamespaceCatalog* namespaces, const TableCatalog* tables);
/// information_schema.schemata (any role): catalog_name, schema_name, schema_owner of the
/// namespaces the caller may see — every one for dba/system, else those holding a table the caller
/// may read (as information_schema.tables lists them).
SystemTable MakeInformationSchemaSchemata(const NamespaceCatalog* namespaces, const TableCatalog* tables);

}  // namespace kalam::catalog
