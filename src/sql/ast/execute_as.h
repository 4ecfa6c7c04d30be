#pragma once

#include <string>

#include "common/ids.h"

namespace kalam::sql {

/// EXECUTE AS USER 'bob' (statement): the statement runs as bob (roles service, dba, system).
struct ExecuteAs {
  UserId user{std::string()};
  std::string statement;
  size_t statement_offset = 0;  // byte offset of the inner statement in the outer text
};

}  // namespace kalam::sql
