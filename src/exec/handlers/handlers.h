#pragma once

#include <functional>
#include <vector>

#include "common/value.h"
#include "catalog/permissions.h"
#include "exec/exec_context.h"
#include "exec/session.h"
#include "exec/statement_result.h"
#include "sql/ast/statement.h"

namespace kalam::exec::handlers {

// One handler per statement kind, each in its own file. Every handler checks its own
// permissions and returns a Status with a CONTRACT code on failure.

Result<StatementResult> ExecuteSelect(const sql::Select& stmt, const std::vector<Value>& params,
                                      ExecContext& ctx, Session& session);
/// ExecuteSelect for a query the engine answers with one primary-key read (safe on an I/O
/// thread); nullopt for any other query.
std::optional<Result<StatementResult>> TryQuickSelect(const sql::Select& stmt,
                                                      const std::vector<Value>& params,
                                                      ExecContext& ctx, const Session& session);
Result<StatementResult> ExecuteCreateNamespace(const sql::CreateNamespace& stmt, ExecContext& ctx,
                                               Session& session);
Result<StatementResult> ExecuteDropNamespace(const sql::DropNamespace& stmt, ExecContext& ctx,
                                             Session& session);
Result<StatementResult> ExecuteUseNamespace(const sql::UseNamespace& stmt, ExecContext& ctx,
                                            Session& session);
Result<StatementResult> ExecuteShowNamespaces(const sql::ShowNamespaces& stmt, ExecContext& ctx,
                                              Session& session);

Result<StatementResult> ExecuteCreateTable(const sql::CreateTable& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteAlterTable(const sql::AlterTable& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteDropTable(const sql::DropTable& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteShowTables(const sql::ShowTables& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteDescribeTable(const sql::DescribeTable& stmt, ExecContext& ctx,
                                             Session& session);
/// True for an INSERT short enough for an I/O thread: a few rows of literals, parameters and
/// generated defaults (nothing for the engine to evaluate), when its commit will start at once and
/// be short — no commit is being written and recent ones (fsync included, when the store fsyncs)
/// took under a millisecond. Otherwise such a statement is started without waiting
/// (Executor::StartLiteralInsert) and answered when its group commit is written.
bool IsQuickInsert(const sql::Insert& stmt, const ExecContext& ctx);
/// A VALUES INSERT of at most 16 rows of literals and parameters (no expression, no SELECT).
bool IsLiteralInsert(const sql::Insert& stmt);
Result<StatementResult> ExecuteInsert(const sql::Insert& stmt, const std::vector<Value>& params,
                                      ExecContext& ctx, Session& session);
/// ExecuteInsert without waiting for the commit: `done` gets its result once — on the thread that
/// finished the commit, or on this one when the statement fails before anything is written.
void StartInsert(const sql::Insert& stmt, const std::vector<Value>& params, ExecContext& ctx, Session& session,
                 std::function<void(Result<StatementResult>)> done);
Result<StatementResult> ExecuteUpdate(const sql::Update& stmt, const std::vector<Value>& params,
                                      ExecContext& ctx, Session& session);
/// TRUNCATE: every table's rows (the caller's, in USER and STREAM tables) deleted as DELETE does, once
/// the caller may delete from each.
Result<StatementResult> ExecuteTruncate(const sql::Truncate& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteDelete(const sql::Delete& stmt, const std::vector<Value>& params,
                                      ExecContext& ctx, Session& session);

Result<StatementResult> ExecuteCreateUser(const sql::CreateUser& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteDropUser(const sql::DropUser& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteAlterUser(const sql::AlterUser& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteShowUsers(const sql::ShowUsers& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteCreateStorage(const sql::CreateStorage& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteAlterStorage(const sql::AlterStorage& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteDropStorage(const sql::DropStorage& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteShowStorages(const sql::ShowStorages& stmt, ExecContext& ctx, Session& session);

/// Runs a parsed statement for a session (the executor's dispatch), for EXECUTE AS.
using StatementRunner = std::function<Result<StatementResult>(const sql::Statement&, Session&)>;
Result<StatementResult> ExecuteExecuteAs(const sql::ExecuteAs& stmt, ExecContext& ctx, Session& session,
                                         const StatementRunner& run);

Result<StatementResult> ExecuteFlushTable(const sql::FlushTable& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteCompactTable(const sql::CompactTable& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteSubscribe(const sql::Subscribe& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteKillLiveQuery(const sql::KillLiveQuery& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteShowJobs(const sql::ShowJobs& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteKillJob(const sql::KillJob& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteExportUserData(const sql::ExportUserData& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteShowExport(const sql::ShowExport& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteBackupDatabase(const sql::BackupDatabase& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteRestoreDatabase(const sql::RestoreDatabase& stmt, ExecContext& ctx, Session& session);
Result<StatementResult> ExecuteClearCache(const sql::ClearCache& stmt, ExecContext& ctx, Session& session);

/// Removes a table: catalog entry, then every column family (all shards). Used by DROP TABLE
/// and DROP NAMESPACE ... CASCADE.
Status DropTableData(const catalog::TableRecord& table, ExecContext& ctx);

/// The engine's view of a statement: the session's caller and namespace, the request's parameters,
/// the server's row limit.
engine::QueryContext QueryContextOf(const std::vector<Value>& params, ExecContext& ctx, const Session& session);

/// The same for the query that reads the rows a write changes: limited by [limits] max_write_rows.
engine::QueryContext WriteQueryContextOf(const std::vector<Value>& params, ExecContext& ctx, const Session& session);

/// Runs a query KalamDB wrote (around fragments of a statement) through the engine as the
/// session's caller; its errors carry no position (it would point into the wrong text).
Result<RowSet> RunQuery(std::string_view sql, const std::vector<Value>& params, ExecContext& ctx,
                        const Session& session);
/// Runs the query that reads the rows an UPDATE, DELETE or INSERT … SELECT changes.
Result<RowSet> RunWriteQuery(std::string_view sql, const std::vector<Value>& params, ExecContext& ctx,
                             const Session& session);

/// PERMISSION_DENIED (`permission denied to <what>`) unless the permission table lets the
/// caller's role do `action` to objects of `kind`.
Status Permit(const Session& session, catalog::Action action, catalog::ObjectKind kind,
              std::string_view what);

}  // namespace kalam::exec::handlers
