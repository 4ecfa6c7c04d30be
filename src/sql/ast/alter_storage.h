#pragma once

#include <vector>

#include "sql/ast/create_storage.h"

namespace kalam::sql {

/// ALTER STORAGE id SET option '…' [, option '…'] (any CREATE STORAGE option but TYPE)
struct AlterStorage {
  explicit AlterStorage(StorageId storage) : id(std::move(storage)) {}
  StorageId id;
  std::vector<StorageOption> options;
};

}  // namespace kalam::sql
