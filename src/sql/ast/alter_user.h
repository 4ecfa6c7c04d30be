#pragma once

#include <cstdint>
#include <string>

#include "common/enums.h"
#include "common/ids.h"

namespace kalam::sql {

/// What ALTER USER changes.
enum class UserField : uint8_t { kPassword, kRole, kEmail, kStorageMode, kStorageId };

/// ALTER USER name SET PASSWORD '…' | SET ROLE r | SET EMAIL '…' | SET STORAGE_MODE 'table'|'region'
/// | SET STORAGE_ID '…'
struct AlterUser {
  UserId name{std::string()};
  UserField field = UserField::kPassword;
  /// The new password, email, storage mode or storage id (unused for kRole).
  std::string value;
  Role role = Role::kUser;
};

}  // namespace kalam::sql
