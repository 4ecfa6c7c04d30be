#pragma once

#include <cstdint>
#include <variant>

#include "sql/ast/create_namespace.h"
#include "sql/ast/drop_namespace.h"
#include "sql/ast/select.h"
#include "sql/ast/show_namespaces.h"
#include "sql/ast/use_namespace.h"

namespace kalam::sql {

/// Every statement kind KalamDB executes; the order matches `Statement`'s alternatives.
enum class StatementKind : uint8_t {
  kSelect,
  kCreateNamespace,
  kDropNamespace,
  kUseNamespace,
  kShowNamespaces,
};

using Statement = std::variant<Select, CreateNamespace, DropNamespace, UseNamespace, ShowNamespaces>;

inline StatementKind KindOf(const Statement& s) { return static_cast<StatementKind>(s.index()); }

}  // namespace kalam::sql
