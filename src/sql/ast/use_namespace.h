#pragma once

#include "common/ids.h"

namespace kalam::sql {

/// USE name (also USE NAMESPACE name): the default namespace for the rest of the batch.
struct UseNamespace {
  NamespaceId name;
};

}  // namespace kalam::sql
