#pragma once

namespace kalam::sql {

/// SHOW USERS: the rows of system.users (dba).
struct ShowUsers {};

}  // namespace kalam::sql
