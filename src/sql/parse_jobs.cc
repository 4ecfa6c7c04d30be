#include "sql/internal/parsers.h"

namespace kalam::sql::internal {

Result<Statement> ParseFlushTable(TokenStream& ts) {
  FlushTable flush;
  KALAM_ASSIGN_OR_RETURN(flush.table, ParseTableRef(ts));
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(std::move(flush));
}

Result<Statement> ParseFlushAllTables(TokenStream& ts) {
  FlushTable flush;
  if (ts.Accept("IN")) {
    KALAM_ASSIGN_OR_RETURN(flush.ns, ParseNamespaceName(ts));
  }
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(std::move(flush));
}

Result<Statement> ParseCompactTable(TokenStream& ts) {
  KALAM_ASSIGN_OR_RETURN(TableRef table, ParseTableRef(ts));
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(CompactTable(std::move(table)));
}

Result<Statement> ParseShowJobs(TokenStream& ts) {
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(ShowJobs{});
}

Result<Statement> ParseKillJob(TokenStream& ts) {
  KALAM_ASSIGN_OR_RETURN(std::string id, ParseString(ts));
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(KillJob{std::move(id)});
}

Result<Statement> ParseExportUserData(TokenStream& ts) {
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(ExportUserData{});
}

Result<Statement> ParseShowExport(TokenStream& ts) {
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(ShowExport{});
}

namespace {

/// The quoted path after BACKUP DATABASE TO / RESTORE DATABASE FROM.
Result<std::string> ParsePath(TokenStream& ts) {
  const Token& at = ts.Peek();
  KALAM_ASSIGN_OR_RETURN(std::string path, ParseString(ts));
  if (path.empty()) return ts.ErrorAt(at, ErrorCode::kInvalidParameter, "the path is empty");
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return path;
}

}  // namespace

Result<Statement> ParseBackupDatabase(TokenStream& ts) {
  KALAM_ASSIGN_OR_RETURN(std::string path, ParsePath(ts));
  return Statement(BackupDatabase{std::move(path)});
}

Result<Statement> ParseRestoreDatabase(TokenStream& ts) {
  KALAM_ASSIGN_OR_RETURN(std::string path, ParsePath(ts));
  return Statement(RestoreDatabase{std::move(path)});
}

}  // namespace kalam::sql::internal
