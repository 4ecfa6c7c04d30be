#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/ids.h"

namespace kalam::sql {

/// A property of a storage set by CREATE STORAGE or ALTER STORAGE … SET.
enum class StorageField : uint8_t {
  kType,
  kName,
  kDescription,
  kUri,
  kSharedTablesTemplate,
  kUserTablesTemplate,
  kCredentials,
};

struct StorageOption {
  StorageField field = StorageField::kName;
  std::string value;
};

/// CREATE STORAGE [IF NOT EXISTS] id TYPE '…' URI '…' [NAME '…'] [DESCRIPTION '…']
///   [SHARED_TABLES_TEMPLATE '…'] [USER_TABLES_TEMPLATE '…'] [CREDENTIALS '{…}']
struct CreateStorage {
  explicit CreateStorage(StorageId storage) : id(std::move(storage)) {}
  StorageId id;
  bool if_not_exists = false;
  std::vector<StorageOption> options;
};

}  // namespace kalam::sql
