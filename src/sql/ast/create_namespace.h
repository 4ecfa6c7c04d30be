#pragma once

#include "common/ids.h"

namespace kalam::sql {

/// CREATE NAMESPACE [IF NOT EXISTS] name
struct CreateNamespace {
  NamespaceId name;
  bool if_not_exists = false;
};

}  // namespace kalam::sql
