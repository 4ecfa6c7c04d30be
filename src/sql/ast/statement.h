#pragma once

#include <cstdint>
#include <variant>

#include "sql/ast/alter_table.h"
#include "sql/ast/clear_cache.h"
#include "sql/ast/create_namespace.h"
#include "sql/ast/create_table.h"
#include "sql/ast/create_user.h"
#include "sql/ast/delete.h"
#include "sql/ast/describe_table.h"
#include "sql/ast/drop_namespace.h"
#include "sql/ast/drop_table.h"
#include "sql/ast/drop_user.h"
#include "sql/ast/execute_as.h"
#include "sql/ast/insert.h"
#include "sql/ast/select.h"
#include "sql/ast/show_namespaces.h"
#include "sql/ast/show_tables.h"
#include "sql/ast/update.h"
#include "sql/ast/use_namespace.h"

namespace kalam::sql {

/// Every statement kind KalamDB executes; the order matches `Statement`'s alternatives.
enum class StatementKind : uint8_t {
  kSelect,
  kCreateNamespace,
  kDropNamespace,
  kUseNamespace,
  kShowNamespaces,
  kCreateTable,
  kDropTable,
  kShowTables,
  kDescribeTable,
  kInsert,
  kUpdate,
  kDelete,
  kCreateUser,
  kDropUser,
  kExecuteAs,
  kAlterTable,
  kClearCache,
};

using Statement = std::variant<Select, CreateNamespace, DropNamespace, UseNamespace, ShowNamespaces,
                               CreateTable, DropTable, ShowTables, DescribeTable, Insert, Update,
                               Delete, CreateUser, DropUser, ExecuteAs, AlterTable,
                               ClearCache>;

inline StatementKind KindOf(const Statement& s) { return static_cast<StatementKind>(s.index()); }

}  // namespace kalam::sql
