#pragma once

#include "common/ids.h"

namespace kalam::sql {

/// DROP NAMESPACE [IF EXISTS] name [CASCADE]
struct DropNamespace {
  NamespaceId name;
  bool if_exists = false;
  bool cascade = false;
};

}  // namespace kalam::sql
