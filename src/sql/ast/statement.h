#pragma once

#include <cstdint>
#include <string_view>
#include <variant>

#include "sql/ast/alter_storage.h"
#include "sql/ast/alter_table.h"
#include "sql/ast/alter_user.h"
#include "sql/ast/backup_database.h"
#include "sql/ast/clear_cache.h"
#include "sql/ast/compact_table.h"
#include "sql/ast/create_namespace.h"
#include "sql/ast/create_storage.h"
#include "sql/ast/create_table.h"
#include "sql/ast/create_user.h"
#include "sql/ast/delete.h"
#include "sql/ast/describe_table.h"
#include "sql/ast/drop_namespace.h"
#include "sql/ast/drop_storage.h"
#include "sql/ast/drop_table.h"
#include "sql/ast/drop_user.h"
#include "sql/ast/execute_as.h"
#include "sql/ast/export_user_data.h"
#include "sql/ast/flush_table.h"
#include "sql/ast/insert.h"
#include "sql/ast/kill_job.h"
#include "sql/ast/kill_live_query.h"
#include "sql/ast/select.h"
#include "sql/ast/show_jobs.h"
#include "sql/ast/show_namespaces.h"
#include "sql/ast/show_storages.h"
#include "sql/ast/show_tables.h"
#include "sql/ast/show_users.h"
#include "sql/ast/subscribe.h"
#include "sql/ast/truncate.h"
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
  kAlterUser,
  kShowUsers,
  kCreateStorage,
  kAlterStorage,
  kDropStorage,
  kShowStorages,
  kFlushTable,
  kCompactTable,
  kSubscribe,
  kKillLiveQuery,
  kTruncate,
  kShowJobs,
  kKillJob,
  kExportUserData,
  kShowExport,
  kBackupDatabase,
  kRestoreDatabase,
};

using Statement = std::variant<Select, CreateNamespace, DropNamespace, UseNamespace, ShowNamespaces,
                               CreateTable, DropTable, ShowTables, DescribeTable, Insert, Update,
                               Delete, CreateUser, DropUser, ExecuteAs, AlterTable,
                               ClearCache, AlterUser, ShowUsers, CreateStorage,
                               AlterStorage, DropStorage, ShowStorages, FlushTable, CompactTable,
                               Subscribe, KillLiveQuery, Truncate, ShowJobs, KillJob,
                               ExportUserData, ShowExport, BackupDatabase, RestoreDatabase>;

inline StatementKind KindOf(const Statement& s) { return static_cast<StatementKind>(s.index()); }

/// The statement's leading words, as audit rows and logs name it.
constexpr std::string_view KindName(StatementKind kind) {
  switch (kind) {
    case StatementKind::kSelect: return "SELECT";
    case StatementKind::kCreateNamespace: return "CREATE NAMESPACE";
    case StatementKind::kDropNamespace: return "DROP NAMESPACE";
    case StatementKind::kUseNamespace: return "USE";
    case StatementKind::kShowNamespaces: return "SHOW NAMESPACES";
    case StatementKind::kCreateTable: return "CREATE TABLE";
    case StatementKind::kDropTable: return "DROP TABLE";
    case StatementKind::kShowTables: return "SHOW TABLES";
    case StatementKind::kDescribeTable: return "DESCRIBE TABLE";
    case StatementKind::kInsert: return "INSERT";
    case StatementKind::kUpdate: return "UPDATE";
    case StatementKind::kDelete: return "DELETE";
    case StatementKind::kCreateUser: return "CREATE USER";
    case StatementKind::kDropUser: return "DROP USER";
    case StatementKind::kExecuteAs: return "EXECUTE AS USER";
    case StatementKind::kAlterTable: return "ALTER TABLE";
    case StatementKind::kClearCache: return "CLEAR CACHE";
    case StatementKind::kAlterUser: return "ALTER USER";
    case StatementKind::kShowUsers: return "SHOW USERS";
    case StatementKind::kCreateStorage: return "CREATE STORAGE";
    case StatementKind::kAlterStorage: return "ALTER STORAGE";
    case StatementKind::kDropStorage: return "DROP STORAGE";
    case StatementKind::kShowStorages: return "SHOW STORAGES";
    case StatementKind::kFlushTable: return "FLUSH TABLE";
    case StatementKind::kCompactTable: return "COMPACT TABLE";
    case StatementKind::kSubscribe: return "SUBSCRIBE TO";
    case StatementKind::kKillLiveQuery: return "KILL LIVE QUERY";
    case StatementKind::kTruncate: return "TRUNCATE";
    case StatementKind::kShowJobs: return "SHOW JOBS";
    case StatementKind::kKillJob: return "KILL JOB";
    case StatementKind::kExportUserData: return "EXPORT USER DATA";
    case StatementKind::kShowExport: return "SHOW EXPORT";
    case StatementKind::kBackupDatabase: return "BACKUP DATABASE";
    case StatementKind::kRestoreDatabase: return "RESTORE DATABASE";
  }
  return "?";
}

}  // namespace kalam::sql
