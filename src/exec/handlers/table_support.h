#pragma once

#include <functional>

#include <string>
#include <string_view>
#include <vector>

#include "catalog/table_record.h"
#include "cold/locations.h"
#include "exec/exec_context.h"
#include "exec/session.h"
#include "sql/ast/returning.h"
#include "sql/ast/table_ref.h"
#include "store/shard_writer.h"

namespace kalam::exec::handlers {

// Helpers shared by the table and DML handlers.

/// The namespace of a reference: explicit, else the session's. NAMESPACE_NOT_FOUND when it does
/// not exist or none is selected.
Result<NamespaceId> ResolveNamespace(const sql::TableRef& ref, ExecContext& ctx, const Session& session);
/// The table of a reference. NAMESPACE_NOT_FOUND / TABLE_NOT_FOUND.
Result<catalog::TableRecord> ResolveTable(const sql::TableRef& ref, ExecContext& ctx, const Session& session);

/// PERMISSION_DENIED for schema changes in a namespace the server keeps (`kalam`: kalam.user_files).
Status RefuseReservedNamespace(const NamespaceId& ns);

/// "1 row inserted." / "3 rows updated."
std::string RowCountMessage(int64_t n, std::string_view verb);
/// A double-quoted identifier.
std::string QuoteIdent(std::string_view name);
/// `"ns"."table"` for SQL handed to the engine.
std::string QualifiedName(const catalog::TableRecord& table);

/// The value of a generated default for this statement's caller.
Value GeneratedValue(DefaultKind kind, const DataType& type, ExecContext& ctx, const Session& session);
/// The default of a column (NULL when it has none).
Result<Value> ColumnDefault(const catalog::ColumnDef& column, ExecContext& ctx, const Session& session);
/// NOT_NULL_VIOLATION with PostgreSQL's message when a NOT NULL column of `row` is NULL.
Status CheckNotNull(const catalog::TableRecord& table, const Row& row);
/// A cell from the engine (typed by `from`) as a cell of a column of type `to`.
Result<Value> ConvertCell(const Value& value, const DataType& from, const DataType& to);

enum class RowOp : uint8_t { kInsert, kUpdate, kDelete };
/// Writes full rows (declared order) of `table` for the session's caller through the right shard
/// writer, atomically. Returns how many rows were written (updates/deletes of rows that vanished
/// meanwhile are skipped). UNIQUE_VIOLATION with PostgreSQL's message for a duplicate key.
/// `old_rows` (updates): the rows as read before the change, for the change feed of rows that are
/// only in cold storage (an empty row: none).
Result<int64_t> WriteRows(const catalog::TableRecord& table, const std::vector<Row>& rows, RowOp op,
                          ExecContext& ctx, const Session& session, const std::vector<Row>* old_rows = nullptr);
/// WriteRows without waiting for the commit (store::ShardWriter::WriteAsync): `done` gets what
/// WriteRows would return, once — on the thread that finished the commit, or on this one when the
/// rows fail before they are written.
void WriteRowsAsync(const catalog::TableRecord& table, const std::vector<Row>& rows, RowOp op, ExecContext& ctx,
                    const Session& session, std::function<void(Result<int64_t>)> done);

/// WriteRows with a kind per row (an upsert mixes inserts and updates; store::WriteKind says how
/// each treats the row stored under its key): each row's _seq, 0 for a skipped one.
Result<std::vector<int64_t>> WriteRowKinds(const catalog::TableRecord& table, const std::vector<Row>& rows,
                                           const std::vector<store::WriteKind>& kinds, ExecContext& ctx,
                                           const Session& session, const std::vector<Row>* old_rows = nullptr);
/// WriteRowKinds without waiting for the commit, as WriteRowsAsync.
void WriteRowKindsAsync(const catalog::TableRecord& table, const std::vector<Row>& rows,
                        const std::vector<store::WriteKind>& kinds, ExecContext& ctx, const Session& session,
                        std::function<void(Result<std::vector<int64_t>>)> done);

/// RETURNING of `*` and bare columns only (every item plain()): the columns of the rows, renamed by
/// their aliases, without the engine (so also on a commit's completion). COLUMN_NOT_FOUND for an
/// unknown name.
Result<RowSet> PlainReturning(const catalog::TableRecord& table, const sql::ReturningList& items,
                              const std::vector<Row>& rows);
/// RETURNING: PlainReturning, or — when an item is an expression — every item evaluated by the
/// engine over each row (`Engine::QueryOnRow`: the row's columns, also qualified by the table's name;
/// the statement's parameters), named as a SELECT names them unless aliased. `alias`: the name the
/// statement gave the table (`UPDATE t AS m … RETURNING m.id`), which then qualifies its columns.
Result<RowSet> Returning(const catalog::TableRecord& table, const sql::ReturningList& items,
                         const std::vector<Row>& rows, const std::vector<Value>& params, ExecContext& ctx,
                         const Session& session, std::string_view alias = {});
/// Checks RETURNING before anything is written — an unknown column, an expression the engine
/// refuses — so a statement that fails there changes nothing (Returning over a row of NULLs).
Status CheckReturning(const catalog::TableRecord& table, const sql::ReturningList& items,
                      const std::vector<Value>& params, ExecContext& ctx, const Session& session,
                      std::string_view alias = {});

}  // namespace kalam::exec::handlers
