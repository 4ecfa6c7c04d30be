#pragma once

#include <string>

#include "common/ids.h"

namespace kalam::sql {

/// DROP USER [IF EXISTS] name
struct DropUser {
  UserId name{std::string()};
  bool if_exists = false;
};

}  // namespace kalam::sql
