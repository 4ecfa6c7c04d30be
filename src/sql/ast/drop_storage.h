#pragma once

#include "common/ids.h"

namespace kalam::sql {

/// DROP STORAGE [IF EXISTS] id
struct DropStorage {
  DropStorage(StorageId storage, bool if_exists_) : id(std::move(storage)), if_exists(if_exists_) {}
  StorageId id;
  bool if_exists = false;
};

}  // namespace kalam::sql
