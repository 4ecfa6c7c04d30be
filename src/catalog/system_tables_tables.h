#pragma once

#include "catalog/namespace_catalog.h"
#include "catalog/system_table.h"
#include "catalog/table_catalog.h"

namespace kalam::catalog {

/// system.tables: the tables the caller may read (any role).
SystemTable MakeTablesTable(const TableCatalog* tables);
/// system.columns: their columns in ordinal order (any role, same filter).
SystemTable MakeColumnsTable(const TableCatalog* tables);
/// information_schema.tables / .columns for PostgreSQL tools: the same filter, PostgreSQL's
/// column names. Registered as `information_schema.tables` / `information_schema.columns`.
SystemTable MakeInformationSchemaTables(const TableCatalog* tables);
SystemTable MakeInformationSchemaColumns(const TableCatalog* tables);

}  // namespace kalam::catalog
