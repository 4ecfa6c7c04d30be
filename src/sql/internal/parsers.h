#pragma once

#include <optional>

#include "common/enums.h"
#include "common/status.h"
#include "sql/ast/statement.h"
#include "sql/token_stream.h"

namespace kalam::sql::internal {

// One parse function per statement kind; each starts after the leading keywords the dispatch
// table matched and must consume the whole statement.
Result<Statement> ParseCreateNamespace(TokenStream& ts);
Result<Statement> ParseDropNamespace(TokenStream& ts);
Result<Statement> ParseUseNamespace(TokenStream& ts);
Result<Statement> ParseShowNamespaces(TokenStream& ts);

Result<Statement> ParseCreateTable(TokenStream& ts, TableType type, bool type_given);
Result<Statement> ParseDropTable(TokenStream& ts);
Result<Statement> ParseShowTables(TokenStream& ts);
Result<Statement> ParseDescribeTable(TokenStream& ts);
Result<Statement> ParseInsert(TokenStream& ts);
Result<Statement> ParseUpdate(TokenStream& ts);
Result<Statement> ParseDelete(TokenStream& ts);
Result<Statement> ParseTruncate(TokenStream& ts);
Result<Statement> ParseCreateUser(TokenStream& ts);
Result<Statement> ParseDropUser(TokenStream& ts);
Result<Statement> ParseAlterUser(TokenStream& ts);
Result<Statement> ParseShowUsers(TokenStream& ts);
Result<Statement> ParseCreateStorage(TokenStream& ts);
Result<Statement> ParseAlterStorage(TokenStream& ts);
Result<Statement> ParseDropStorage(TokenStream& ts);
Result<Statement> ParseShowStorages(TokenStream& ts);
Result<Statement> ParseExecuteAs(TokenStream& ts);
Result<Statement> ParseAlterTable(TokenStream& ts);
Result<Statement> ParseFlushTable(TokenStream& ts);
Result<Statement> ParseFlushAllTables(TokenStream& ts);
Result<Statement> ParseCompactTable(TokenStream& ts);
Result<Statement> ParseShowJobs(TokenStream& ts);
Result<Statement> ParseKillJob(TokenStream& ts);
Result<Statement> ParseExportUserData(TokenStream& ts);
Result<Statement> ParseShowExport(TokenStream& ts);
Result<Statement> ParseBackupDatabase(TokenStream& ts);
Result<Statement> ParseRestoreDatabase(TokenStream& ts);
Result<Statement> ParseSubscribe(TokenStream& ts);
Result<Statement> ParseKillLiveQuery(TokenStream& ts);
/// A value generator called at the cursor and the tokens the call spans: NOW(), CURRENT_TIMESTAMP,
/// LOCALTIMESTAMP, transaction_/statement_/clock_timestamp(), CURRENT_DATE, SNOWFLAKE_ID(),
/// UUID_V7(), gen_random_uuid(), uuid_generate_v4(), CURRENT_USER, SESSION_USER, USER (parentheses
/// as PostgreSQL spells each). Shared by DEFAULT and INSERT's VALUES.
struct GeneratorCall {
  DefaultKind kind;
  size_t tokens;
};
std::optional<GeneratorCall> PeekGeneratorCall(const TokenStream& ts);

/// DEFAULT's value (after the DEFAULT keyword) into `col` (its type must be set): a literal or a
/// generator call, in parentheses or not, with a cast after it (`'{}'::jsonb`, pg_dump's
/// `'x'::text`) and, for the time, `AT TIME ZONE 'UTC'` / `timezone('utc', now())` (timestamps are
/// UTC).
Status ParseDefaultValue(TokenStream& ts, ColumnSpec* col);

/// A string literal ('…'), as its text; a syntax error otherwise.
Result<std::string> ParseString(TokenStream& ts);
/// A namespace name; reserved names are allowed here (USE system is harmless).
Result<NamespaceId> ParseNamespaceName(TokenStream& ts);
/// `[namespace.]table`.
Result<TableRef> ParseTableRef(TokenStream& ts);
/// One column definition: name, type, constraints (shared by CREATE TABLE and ALTER TABLE).
Result<ColumnSpec> ParseColumnSpec(TokenStream& ts);
/// The SQL text from the current token up to (not including) the first top-level keyword of
/// `stops` or the end; empty is a syntax error. Consumes it.
Result<std::string> TakeExpressionText(TokenStream& ts, std::initializer_list<std::string_view> stops,
                                       bool stop_at_comma);
/// RETURNING * | col, ... (absent → empty).
Result<ReturningList> ParseReturning(TokenStream& ts);

}  // namespace kalam::sql::internal
