#include "jobs/user_export.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/enum_names.h"
#include "common/json_text.h"
#include "common/time_format.h"
#include "common/value_json.h"
#include "sql/quote.h"

namespace kalam::jobs {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kPageRows = 5000;

/// Appends `table`'s rows of `user` to `out` as one element of "tables"; returns how many.
Result<int64_t> AppendTable(const catalog::TableRecord& table, const UserId& user, const JobContext& ctx,
                            std::ofstream& out, const std::atomic<bool>* cancel) {
  const size_t pk = table.PrimaryKeyIndex();
  const std::string from = sql::QuoteIdentifier(table.id.ns.value()) + "." + sql::QuoteIdentifier(table.id.name.value());
  const std::string key = sql::QuoteIdentifier(table.columns[pk].name);
  engine::QueryContext query;
  query.caller = Caller{user, Role::kUser, "export"};
  query.max_rows = kPageRows;
  std::string head;
  head.append("{\"namespace\":");
  AppendJsonString(&head, table.id.ns.value());
  head.append(",\"table\":");
  AppendJsonString(&head, table.id.name.value());
  head.append(",\"table_type\":");
  AppendJsonString(&head, std::string(ToString(table.type)));
  head.push_back(',');
  int64_t rows = 0;
  std::optional<Value> last;
  bool schema_written = false;
  std::string chunk;
  while (true) {
    if (cancel != nullptr && cancel->load()) return Status(ErrorCode::kQueryCanceled, "the export was cancelled");
    query.params.clear();
    std::string sql = "SELECT * FROM " + from;
    if (last) {
      sql += " WHERE " + key + " > $1";
      query.params.push_back(*last);
    }
    sql += fmt::format(" ORDER BY {} LIMIT {}", key, kPageRows);
    KALAM_ASSIGN_OR_RETURN(RowSet page, ctx.engine->Query(sql, query));
    chunk.clear();
    if (!schema_written) {
      chunk.append(head);
      AppendSchemaJson(&chunk, page.columns);
      chunk.append(",\"rows\":[");
      schema_written = true;
    }
    for (const Row& row : page.rows) {
      if (rows++ > 0) chunk.push_back(',');
      AppendRowJson(&chunk, row, page.columns);
    }
    out << chunk;
    if (static_cast<int64_t>(page.rows.size()) < kPageRows) break;
    last = page.rows.back()[pk];
  }
  out << "]}";
  return rows;
}

/// Deletes all but the newest kKeptExports files of the directory.
void PruneOldExports(const fs::path& dir) {
  std::vector<std::pair<fs::file_time_type, fs::path>> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json") files.emplace_back(entry.last_write_time(ec), entry.path());
  }
  if (files.size() <= kKeptExports) return;
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = kKeptExports; i < files.size(); ++i) fs::remove(files[i].second, ec);
}

}  // namespace

std::string ExportParameters(const UserId& user) {
  return nlohmann::json{{"user", user.value()}}.dump();
}

std::optional<UserId> ExportUserOf(const catalog::JobRecord& job) {
  if (job.type != JobType::kUserExport) return std::nullopt;
  auto parameters = nlohmann::json::parse(job.parameters, nullptr, /*allow_exceptions=*/false);
  if (!parameters.is_object()) return std::nullopt;
  auto user = parameters.find("user");
  if (user == parameters.end() || !user->is_string()) return std::nullopt;
  return UserId(user->get<std::string>());
}

std::string ExportPath(const JobContext& ctx, const UserId& user, const std::string& job_id) {
  return (fs::path(ctx.exports_dir) / user.value() / (job_id + ".json")).string();
}

Result<ExportStats> ExportUserData(const UserId& user, const std::string& job_id, const JobContext& ctx,
                                   const std::atomic<bool>* cancel) {
  std::error_code ec;
  fs::create_directories(ctx.scratch_dir, ec);
  const fs::path final_path = ExportPath(ctx, user, job_id);
  fs::create_directories(final_path.parent_path(), ec);
  if (ec) return Status(ErrorCode::kInternal, fmt::format("could not create {}: {}", final_path.parent_path().string(), ec.message()));
  const fs::path scratch = fs::path(ctx.scratch_dir) / (job_id + ".json");
  ExportStats stats;
  {
    std::ofstream out(scratch, std::ios::binary | std::ios::trunc);
    if (!out) return Status(ErrorCode::kInternal, fmt::format("could not write {}", scratch.string()));
    std::string head = "{\"user\":";
    AppendJsonString(&head, user.value());
    head.append(",\"export_id\":");
    AppendJsonString(&head, job_id);
    head.append(",\"exported_at\":");
    AppendJsonString(&head, FormatTimestampMicros(ctx.clock->NowMicros()));
    head.append(",\"tables\":[");
    out << head;
    std::vector<catalog::TableRecord> tables = ctx.catalog->tables().List();
    std::sort(tables.begin(), tables.end(), [](const auto& a, const auto& b) { return a.id.ToString() < b.id.ToString(); });
    for (const auto& table : tables) {
      if (table.type != TableType::kUser && table.type != TableType::kStream) continue;
      if (stats.tables > 0) out << ',';
      auto rows = AppendTable(table, user, ctx, out, cancel);
      if (!rows.ok()) {
        out.close();
        fs::remove(scratch, ec);
        return rows.error();
      }
      stats.tables += 1;
      stats.rows += *rows;
    }
    out << "]}\n";
    out.flush();
    if (!out) return Status(ErrorCode::kInternal, fmt::format("could not write {}", scratch.string()));
  }
  stats.bytes = static_cast<int64_t>(fs::file_size(scratch, ec));
  fs::rename(scratch, final_path, ec);
  if (ec) return Status(ErrorCode::kInternal, fmt::format("could not move the export into {}: {}", final_path.string(), ec.message()));
  PruneOldExports(final_path.parent_path());
  return stats;
}

}  // namespace kalam::jobs
