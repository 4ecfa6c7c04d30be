#pragma once

#include <cstdint>
#include <string_view>

#include "catalog/table_record.h"
#include "common/enums.h"
#include "common/status.h"

namespace kalam::catalog {

/// What a statement does to an object.
enum class Action : uint8_t {
  kSelect,
  kInsert,
  kUpdate,
  kDelete,
  kCreate,
  kAlter,
  kDrop,
  kExecuteAs,   // EXECUTE AS USER (object: a user)
  kTriggerJob,  // FLUSH, backups, cleanups (object: a table)
};

/// What kind of object an action is on. Tables split by type and, for SHARED, access level.
enum class ObjectKind : uint8_t {
  kUserTable,
  kStreamTable,
  kSharedPublic,
  kSharedPrivate,
  kSharedRestricted,
  kSystemTable,  // system.* tables readable by dba and system only
  kTable,        // any KalamDB table, for schema changes (CREATE/ALTER/DROP TABLE)
  kNamespace,
  kUser,         // another user's account
  kOwnAccount,   // the caller's own account (ALTER USER me SET PASSWORD)
  kCache,        // CLEAR CACHE
  kStorage,      // CREATE/ALTER/DROP STORAGE; ALTER also means seeing credentials
  kDatabase,     // BACKUP DATABASE (kTriggerJob), RESTORE DATABASE (kAlter)
  kKalamTable,   // the server's own tables in namespace `kalam` (kalam.user_files): read-only to SQL
};

/// CONTRACT §5 as one table of role × action × object kind (permissions.cc); anything not in it
/// is refused. Consulted by every statement handler, the gate, the scan and live queries.
bool Allowed(Role role, Action action, ObjectKind kind);

/// The object kind of a table.
ObjectKind KindOf(const TableRecord& table);

/// OK, or PERMISSION_DENIED with PostgreSQL's wording: `permission denied for table t` for tables,
/// `permission denied to <what>` otherwise (`what` e.g. "create namespaces").
Status Require(Role role, Action action, ObjectKind kind, std::string_view what);
/// Require for a table: `permission denied for table <name>`.
Status RequireOnTable(Role role, Action action, const TableRecord& table);

/// Shorthands used where a table's rows are read or written.
inline bool MayRead(Role role, const TableRecord& table) {
  return Allowed(role, Action::kSelect, KindOf(table));
}
inline bool MayWrite(Role role, const TableRecord& table) {
  return Allowed(role, Action::kInsert, KindOf(table));
}

}  // namespace kalam::catalog
