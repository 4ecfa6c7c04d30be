#include "exec/executor.h"

#include "exec/handlers/handlers.h"
#include "common/strings.h"
#include "sql/parser.h"
#include "sql/splitter.h"

namespace kalam::exec {

Result<StatementResult> Executor::Execute(const sql::Statement& statement,
                                          const std::vector<Value>& params, Session& session) {
  session.statement_time_us = ctx_.clock->NowMicros();
  switch (sql::KindOf(statement)) {
    case sql::StatementKind::kSelect:
      return handlers::ExecuteSelect(std::get<sql::Select>(statement), params, ctx_, session);
    case sql::StatementKind::kCreateNamespace:
      return handlers::ExecuteCreateNamespace(std::get<sql::CreateNamespace>(statement), ctx_,
                                              session);
    case sql::StatementKind::kDropNamespace:
      return handlers::ExecuteDropNamespace(std::get<sql::DropNamespace>(statement), ctx_, session);
    case sql::StatementKind::kUseNamespace:
      return handlers::ExecuteUseNamespace(std::get<sql::UseNamespace>(statement), ctx_, session);
    case sql::StatementKind::kShowNamespaces:
      return handlers::ExecuteShowNamespaces(std::get<sql::ShowNamespaces>(statement), ctx_,
                                             session);
    case sql::StatementKind::kCreateTable:
      return handlers::ExecuteCreateTable(std::get<sql::CreateTable>(statement), ctx_, session);
    case sql::StatementKind::kAlterTable:
      return handlers::ExecuteAlterTable(std::get<sql::AlterTable>(statement), ctx_, session);
    case sql::StatementKind::kClearCache:
      return handlers::ExecuteClearCache(std::get<sql::ClearCache>(statement), ctx_, session);
    case sql::StatementKind::kDropTable:
      return handlers::ExecuteDropTable(std::get<sql::DropTable>(statement), ctx_, session);
    case sql::StatementKind::kShowTables:
      return handlers::ExecuteShowTables(std::get<sql::ShowTables>(statement), ctx_, session);
    case sql::StatementKind::kDescribeTable:
      return handlers::ExecuteDescribeTable(std::get<sql::DescribeTable>(statement), ctx_, session);
    case sql::StatementKind::kInsert:
      return handlers::ExecuteInsert(std::get<sql::Insert>(statement), params, ctx_, session);
    case sql::StatementKind::kUpdate:
      return handlers::ExecuteUpdate(std::get<sql::Update>(statement), params, ctx_, session);
    case sql::StatementKind::kDelete:
      return handlers::ExecuteDelete(std::get<sql::Delete>(statement), params, ctx_, session);
    case sql::StatementKind::kCreateUser:
      return handlers::ExecuteCreateUser(std::get<sql::CreateUser>(statement), ctx_, session);
    case sql::StatementKind::kDropUser:
      return handlers::ExecuteDropUser(std::get<sql::DropUser>(statement), ctx_, session);
    case sql::StatementKind::kAlterUser:
      return handlers::ExecuteAlterUser(std::get<sql::AlterUser>(statement), ctx_, session);
    case sql::StatementKind::kShowUsers:
      return handlers::ExecuteShowUsers(std::get<sql::ShowUsers>(statement), ctx_, session);
    case sql::StatementKind::kCreateStorage:
      return handlers::ExecuteCreateStorage(std::get<sql::CreateStorage>(statement), ctx_, session);
    case sql::StatementKind::kAlterStorage:
      return handlers::ExecuteAlterStorage(std::get<sql::AlterStorage>(statement), ctx_, session);
    case sql::StatementKind::kDropStorage:
      return handlers::ExecuteDropStorage(std::get<sql::DropStorage>(statement), ctx_, session);
    case sql::StatementKind::kShowStorages:
      return handlers::ExecuteShowStorages(std::get<sql::ShowStorages>(statement), ctx_, session);
    case sql::StatementKind::kFlushTable:
      return handlers::ExecuteFlushTable(std::get<sql::FlushTable>(statement), ctx_, session);
    case sql::StatementKind::kCompactTable:
      return handlers::ExecuteCompactTable(std::get<sql::CompactTable>(statement), ctx_, session);
    case sql::StatementKind::kSubscribe:
      return handlers::ExecuteSubscribe(std::get<sql::Subscribe>(statement), ctx_, session);
    case sql::StatementKind::kKillLiveQuery:
      return handlers::ExecuteKillLiveQuery(std::get<sql::KillLiveQuery>(statement), ctx_, session);
    case sql::StatementKind::kTruncate:
      return handlers::ExecuteTruncate(std::get<sql::Truncate>(statement), ctx_, session);
    case sql::StatementKind::kShowJobs:
      return handlers::ExecuteShowJobs(std::get<sql::ShowJobs>(statement), ctx_, session);
    case sql::StatementKind::kKillJob:
      return handlers::ExecuteKillJob(std::get<sql::KillJob>(statement), ctx_, session);
    case sql::StatementKind::kExportUserData:
      return handlers::ExecuteExportUserData(std::get<sql::ExportUserData>(statement), ctx_, session);
    case sql::StatementKind::kShowExport:
      return handlers::ExecuteShowExport(std::get<sql::ShowExport>(statement), ctx_, session);
    case sql::StatementKind::kBackupDatabase:
      return handlers::ExecuteBackupDatabase(std::get<sql::BackupDatabase>(statement), ctx_, session);
    case sql::StatementKind::kRestoreDatabase:
      return handlers::ExecuteRestoreDatabase(std::get<sql::RestoreDatabase>(statement), ctx_, session);
    case sql::StatementKind::kExecuteAs:
      return handlers::ExecuteExecuteAs(
          std::get<sql::ExecuteAs>(statement), ctx_, session,
          [this, &params](const sql::Statement& inner, Session& as_user) {
            return Execute(inner, params, as_user);
          });
  }
  return Status(ErrorCode::kInternal, "unknown statement kind");
}

StatementCache::Entry Executor::Parse(std::string_view sql) {
  std::string key(sql);
  if (auto hit = cache_.Find(key)) return hit;
  auto batch = std::make_shared<ParsedBatch>();
  auto parts = sql::SplitStatements(sql);
  if (!parts.ok()) {
    batch->error = parts.error();
    return batch;
  }
  for (size_t i = 0; i < parts->size(); ++i) {
    const sql::StatementText& part = (*parts)[i];
    auto statement = sql::ParseStatement(part.text);
    if (!statement.ok()) {
      batch->error = statement.error();
      if (batch->error.position()) {
        // Positions are reported within the whole batch, as PostgreSQL does.
        batch->error =
            batch->error.WithPosition(CharPosition(sql, part.offset) - 1 + *batch->error.position());
      }
      batch->error_index = static_cast<int>(i);
      return batch;  // errors are not cached
    }
    batch->statements.push_back(ParsedStatement{std::move(statement).value(), part.offset});
  }
  cache_.Insert(key, batch);
  return batch;
}

BatchResult Executor::ExecuteBatch(std::string_view sql, const std::vector<Value>& params,
                                   Session& session) {
  BatchResult batch;
  StatementCache::Entry parsed = Parse(sql);
  if (parsed->statements.empty() && parsed->error.ok()) {
    batch.error = Status(ErrorCode::kInvalidParameter, "the SQL text contains no statement");
    return batch;
  }
  for (size_t i = 0; i < parsed->statements.size(); ++i) {
    const ParsedStatement& p = parsed->statements[i];
    if (!Record(Audited(Execute(p.statement, params, session), p, session), sql, p, i, batch)) return batch;
  }
  if (!parsed->error.ok()) {
    batch.error = parsed->error;
    batch.error_statement_index = parsed->error_index;
  }
  return batch;
}

std::optional<BatchResult> Executor::TryExecuteQuick(std::string_view sql,
                                                    const std::vector<Value>& params, Session& session) {
  StatementCache::Entry parsed = Parse(sql);
  if (!parsed->error.ok() || parsed->statements.size() != 1) return std::nullopt;
  const ParsedStatement& p = parsed->statements[0];
  std::optional<Result<StatementResult>> result;
  switch (sql::KindOf(p.statement)) {
    case sql::StatementKind::kSelect:
      result = handlers::TryQuickSelect(std::get<sql::Select>(p.statement), params, ctx_, session);
      break;
    case sql::StatementKind::kInsert:
      if (handlers::IsQuickInsert(std::get<sql::Insert>(p.statement), ctx_)) {
        result = Audited(Execute(p.statement, params, session), p, session);
      }
      break;
    default:
      break;
  }
  if (!result) return std::nullopt;
  BatchResult batch;
  Record(std::move(*result), sql, p, 0, batch);
  return batch;
}

namespace {

/// The batch's INSERT when it is one literal INSERT (handlers::IsLiteralInsert), else null.
const sql::Insert* LiteralInsertOf(const StatementCache::Entry& parsed) {
  if (!parsed->error.ok() || parsed->statements.size() != 1) return nullptr;
  const sql::Statement& statement = parsed->statements[0].statement;
  if (sql::KindOf(statement) != sql::StatementKind::kInsert) return nullptr;
  const auto& insert = std::get<sql::Insert>(statement);
  return handlers::IsLiteralInsert(insert) ? &insert : nullptr;
}

}  // namespace

bool Executor::IsLiteralInsert(std::string_view sql) { return LiteralInsertOf(Parse(sql)) != nullptr; }

void Executor::StartLiteralInsert(std::string_view sql, const std::vector<Value>& params, Session& session,
                                  std::function<void(BatchResult)> done) {
  StatementCache::Entry parsed = Parse(sql);
  const sql::Insert* insert = LiteralInsertOf(parsed);
  if (insert == nullptr) {
    BatchResult batch;
    batch.error = Status(ErrorCode::kInternal, "not a literal INSERT: it cannot be started without waiting");
    return done(std::move(batch));
  }
  const ParsedStatement& p = parsed->statements[0];
  session.statement_time_us = ctx_.clock->NowMicros();
  // `parsed` keeps `p` alive until the result is recorded. (The callback runs on the committer
  // thread: an INSERT's result carries no audit note, and a permission denial is found before the
  // write, on this thread, so Audited never writes to the store there.)
  handlers::StartInsert(*insert, params, ctx_, session,
                        [this, parsed, &p, sql = std::string(sql), caller_session = session,
                         done = std::move(done)](Result<StatementResult> result) {
                          BatchResult batch;
                          Record(Audited(std::move(result), p, caller_session), sql, p, 0, batch);
                          done(std::move(batch));
                        });
}

Result<StatementResult> Executor::Audited(Result<StatementResult> result, const ParsedStatement& p,
                                          const Session& session) {
  catalog::AuditLog& audit = ctx_.catalog->audit();
  const Caller& caller = session.caller;
  if (result.ok() && result->audit) {
    AuditNote& note = *result->audit;
    audit.Append(caller.username.value(), std::move(note.action), std::move(note.target),
                 std::move(note.details), caller.client_addr);
    result->audit.reset();
  } else if (!result.ok() && result.error().code() == ErrorCode::kPermissionDenied) {
    audit.Append(caller.username.value(), "PERMISSION_DENIED",
                 std::string(sql::KindName(sql::KindOf(p.statement))), result.error().message(),
                 caller.client_addr);
  }
  return result;
}

bool Executor::Record(Result<StatementResult> result, std::string_view sql, const ParsedStatement& p,
                      size_t index, BatchResult& batch) {
  if (result.ok()) {
    batch.results.push_back(std::move(result).value());
    return true;
  }
  Status error = result.error();
  if (error.position()) {
    // Positions are reported within the whole batch, as PostgreSQL does.
    error = error.WithPosition(CharPosition(sql, p.offset) - 1 + *error.position());
  }
  batch.error = std::move(error);
  batch.error_statement_index = static_cast<int>(index);
  return false;
}

}  // namespace kalam::exec
