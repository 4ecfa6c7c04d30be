#pragma once

#include "catalog/system_table.h"
#include "catalog/user_catalog.h"

namespace kalam::catalog {

/// system.users (dba and system only): every account, dropped ones with deleted_at set, never a
/// password hash.
SystemTable MakeUsersTable(const UserCatalog* users);

}  // namespace kalam::catalog
