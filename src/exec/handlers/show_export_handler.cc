#include <algorithm>

#include "common/enum_names.h"
#include "exec/handlers/handlers.h"
#include "jobs/user_export.h"

namespace kalam::exec::handlers {

Result<StatementResult> ExecuteShowExport(const sql::ShowExport&, ExecContext& ctx, Session& session) {
  // The caller's own exports, newest first; a download link once one is completed.
  std::vector<catalog::JobRecord> mine;
  for (auto& job : ctx.catalog->jobs().List()) {
    if (auto user = jobs::ExportUserOf(job); user && *user == session.caller.username) mine.push_back(std::move(job));
  }
  std::sort(mine.begin(), mine.end(), [](const auto& a, const auto& b) {
    return a.created_at_us != b.created_at_us ? a.created_at_us > b.created_at_us : a.job_id > b.job_id;
  });
  RowSet rows;
  auto column = [&rows](const char* name, TypeId type) { rows.columns.push_back(ColumnInfo{name, DataType::Of(type), {}}); };
  column("export_id", TypeId::kText);
  column("status", TypeId::kText);
  column("download_url", TypeId::kText);
  column("message", TypeId::kText);
  column("created_at", TypeId::kTimestamp);
  column("finished_at", TypeId::kTimestamp);
  auto time = [](const std::optional<int64_t>& us) { return us ? Value(*us) : Value(); };
  for (const auto& job : mine) {
    const bool done = job.status == JobStatus::kCompleted;
    rows.rows.push_back(Row{Value(job.job_id), Value(std::string(ToString(job.status))),
                            done ? Value("/v1/exports/" + job.job_id) : Value(), Value(job.message),
                            Value(job.created_at_us), time(job.finished_at_us)});
  }
  StatementResult result;
  result.row_count = static_cast<int64_t>(rows.rows.size());
  result.rows = std::move(rows);
  return result;
}

}  // namespace kalam::exec::handlers
