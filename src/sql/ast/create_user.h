#pragma once

#include <optional>
#include <string>

#include "common/enums.h"
#include "common/ids.h"

namespace kalam::sql {

/// CREATE USER name WITH PASSWORD '…' [ROLE user|service|dba] [EMAIL '…']
struct CreateUser {
  UserId name{std::string()};
  std::string password;
  Role role = Role::kUser;
  std::optional<std::string> email;
};

}  // namespace kalam::sql
