#pragma once

#include <string>

#include "common/enums.h"
#include "common/ids.h"

namespace kalam {

/// Who runs a statement: the authenticated user, its role and where it connected from.
struct Caller {
  UserId username{std::string()};
  Role role = Role::kUser;
  std::string client_addr;
};

}  // namespace kalam
