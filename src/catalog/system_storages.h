#pragma once

#include "catalog/storage_catalog.h"
#include "catalog/system_table.h"

namespace kalam::catalog {

/// system.storages (CONTRACT §4): readable by every role, `credentials` NULL for all but dba and
/// system; `local` first.
SystemTable MakeStoragesTable(const StorageCatalog* storages);

}  // namespace kalam::catalog
