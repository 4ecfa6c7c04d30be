#pragma once

namespace kalam::sql {

/// SHOW STORAGES: the rows of system.storages, `local` first.
struct ShowStorages {};

}  // namespace kalam::sql
