#pragma once

namespace kalam::sql {

/// SHOW NAMESPACES
struct ShowNamespaces {};

}  // namespace kalam::sql
