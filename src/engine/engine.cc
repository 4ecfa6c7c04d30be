#include "engine/engine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <limits>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "cold/row_cache.h"
#include "duckdb.hpp"
#include "duckdb/main/client_context.hpp"
#include "duckdb/main/config.hpp"
#include "duckdb/parser/parser.hpp"
#include "duckdb/storage/buffer_manager.hpp"
#include "engine/internal/array_params.h"
#include "engine/internal/column_names.h"
#include "engine/internal/date_as_timestamp.h"
#include "engine/internal/errors.h"
#include "engine/internal/gate.h"
#include "engine/internal/interval_functions.h"
#include "engine/internal/json_containment.h"
#include "engine/internal/jsonb_functions.h"
#include "engine/internal/nonzero_divisor.h"
#include "engine/internal/point_query.h"
#include "engine/internal/point_template.h"
#include "engine/internal/postgres_format.h"
#include "engine/internal/postgres_macros.h"
#include "engine/internal/postgres_rewrites.h"
#include "engine/internal/pre_parse.h"
#include "engine/internal/system_scan.h"
#include "engine/internal/text_search_functions.h"
#include "engine/internal/top_query.h"
#include "sql/quote.h"
#include "engine/internal/table_scan.h"
#include "engine/internal/types.h"
#include "engine/session_registry.h"

namespace kalam::engine {

using internal::FromEngine;

struct Engine::Impl {
  EngineOptions options;
  const catalog::Catalog* catalog = nullptr;
  std::unique_ptr<duckdb::DuckDB> db;
  std::unique_ptr<duckdb::Connection> admin;
  SessionRegistry sessions;
  internal::ScanContext scan;

  /// DuckDB's parse of a query text (before the gate, which rewrites a copy per query), and its
  /// point-lookup or top-rows shape when it has one.
  struct Parsed {
    duckdb::unique_ptr<duckdb::SQLStatement> statement;
    std::optional<internal::PointShape> point;
    std::optional<internal::TopShape> top;
    /// The text DuckDB parsed when it had to be rewritten first (pre_parse.h).
    std::optional<internal::RewrittenText> rewritten;

    /// The text the statement's locations point into.
    std::string_view Text(std::string_view sql) const { return rewritten ? std::string_view(rewritten->text) : sql; }
    /// An error about Text(sql) as an error about `sql`.
    Status Original(Status status) const { return rewritten ? rewritten->Original(std::move(status)) : status; }
  };
  std::atomic<uint64_t> point_lookups{0};
  std::atomic<uint64_t> top_reads{0};
  std::atomic<uint64_t> point_template_hits{0};
  std::atomic<uint64_t> cold_rows_served{0};
  std::atomic<uint64_t> table_scans{0};
  std::atomic<uint64_t> hot_rows_scanned{0};
  std::mutex parse_mu;
  std::unordered_map<std::string, std::shared_ptr<const Parsed>> parsed;  // guarded
  static constexpr size_t kMaxParsed = 1024;
  /// Point shapes of parsed texts ending in a key literal, by KeyLiteral::TemplateKey(): a text
  /// differing only in that literal takes the shape with its own constant, unparsed.
  std::unordered_map<std::string, std::shared_ptr<const internal::PointShape>> point_templates;  // parse_mu
  static constexpr size_t kMaxPointTemplates = 1024;

  /// The cached parse of `sql`, parsing it on a miss. SYNTAX_ERROR and friends as FromEngine.
  Result<std::shared_ptr<const Parsed>> Parse(std::string_view sql);
  /// The point shape of `sql` when a text differing only in its key literal was parsed before
  /// (counted in point_template_hits).
  std::optional<internal::PointShape> TemplatedPoint(std::string_view sql);
  /// A point lookup read from the hot store, or from the cold row cache or the key's files when
  /// flushed; nullopt when it does not qualify (the planner answers).
  std::optional<Result<RowSet>> HotOrColdPoint(const internal::PointShape& point, std::string_view sql,
                                               const QueryContext& ctx);
  /// The hot-store walk of a top-rows query; nullopt when it does not qualify.
  std::optional<Result<RowSet>> Top(const internal::TopShape& top, const QueryContext& ctx);
  /// The primary-key read of a point-shaped query; nullopt when it does not qualify.
  std::optional<Result<RowSet>> Point(const std::optional<internal::PointShape>& point, const QueryContext& ctx);

  /// Queries started (the query clock) and the clock values of those still running.
  mutable std::mutex queries_mu;
  uint64_t query_clock = 0;                 // guarded by queries_mu
  std::multiset<uint64_t> running_queries;  // guarded by queries_mu
  uint64_t StartQuery();
  void EndQuery(uint64_t started);

  /// A point lookup of a flushed key: the few files whose key range holds it. nullopt when the
  /// manifest moved on (the full path answers).
  std::optional<Result<RowSet>> RunColdPoint(const internal::ColdPoint& point, std::string_view sql,
                                             const QueryContext& ctx);
  /// A point lookup of a flushed key answered from the rows of its file (the cold index names the
  /// batch), reading and keeping the whole file when it is small or asked for again. nullopt when
  /// the file is not at hand (RunColdPoint answers).
  std::optional<Result<RowSet>> CachedColdPoint(const internal::ColdPoint& point, const QueryContext& ctx);
  std::unique_ptr<cold::RowCache> cold_rows;
  /// Runs SQL the engine wrote itself (no gate: it names files and values only) on a pooled
  /// connection as the caller; errors point into `sql`.
  Result<RowSet> RunGenerated(const std::string& text, std::string_view sql, const QueryContext& ctx,
                              int64_t max_rows);

  /// Runs an internal COPY statement on a pooled connection as the system role, reading `snapshot`.
  Result<int64_t> RunCopy(const std::string& sql, std::shared_ptr<const store::Snapshot> snapshot);

  std::mutex mu;
  std::condition_variable available;
  std::vector<std::unique_ptr<duckdb::Connection>> idle;  // guarded by mu

  Status Configure();
  Result<std::unique_ptr<duckdb::Connection>> Acquire();
  void Release(std::unique_ptr<duckdb::Connection> con);
  Result<RowSet> Run(duckdb::Connection& con, duckdb::unique_ptr<duckdb::SQLStatement> statement,
                     std::string_view sql, const QueryContext& ctx);
};

using sql::QuoteLiteral;

namespace {

/// An absolute directory path with a trailing '/', as DuckDB's allowed_directories wants it.
std::string DirectoryOf(const std::string& path) {
  std::string dir = std::filesystem::absolute(path).lexically_normal().string();
  if (dir.empty() || dir.back() != '/') dir.push_back('/');
  return dir;
}

/// The PROGRAM_LIMIT_EXCEEDED message of a query over `ctx.max_rows`.
std::string TooManyRows(const QueryContext& ctx) {
  switch (ctx.row_limit) {
    case QueryContext::RowLimit::kResult:
      break;
    case QueryContext::RowLimit::kWrite:
      return fmt::format("statement would change more than {} rows ([limits] max_write_rows); change them "
                         "in parts with narrower WHERE clauses",
                         ctx.max_rows);
  }
  return fmt::format("query returned more than {} rows ([limits] max_result_rows); add a LIMIT", ctx.max_rows);
}

}  // namespace

Status Engine::Impl::Configure() {
  namespace fs = std::filesystem;
  fs::path data = fs::absolute(options.data_path);
  fs::path storage = data / "storage";
  fs::path tmp = data / "tmp";
  fs::path spill = tmp / "engine";
  std::error_code ec;
  fs::create_directories(storage, ec);
  fs::create_directories(spill, ec);
  if (ec) return Status(ErrorCode::kInternal, "could not create " + spill.string() + ": " + ec.message());
  // DuckDB reads and writes only: flushed files (filesystem storages, the cache of remote
  // ones) and its own spill and export files below tmp/.
  std::string allowed = QuoteLiteral(storage.string() + "/") + ", " + QuoteLiteral(tmp.string() + "/") + ", " +
                        QuoteLiteral(scan.files->directory() + "/");
  for (const auto& s : catalog->storages().List()) {
    if (s.type == StorageType::kFilesystem) allowed += ", " + QuoteLiteral(DirectoryOf(s.uri));
  }
  std::vector<std::string> statements = {
      "SET temp_directory=" + QuoteLiteral(spill.string()),
      "SET allowed_directories=[" + allowed + "]",
      "SET enable_external_access=false",
      // Timestamps are UTC (CONTRACT §2): now()::text, date_trunc of a TIMESTAMPTZ and casts
      // between the two must not depend on the server's TZ.
      "SET GLOBAL TimeZone='UTC'",
      // PostgreSQL's NULL order: last in ascending order, first in descending (DuckDB: always last).
      "SET GLOBAL default_null_order='nulls_last_on_asc_first_on_desc'",
      // Flushed files never change once written: keep their footers in memory.
      "SET parquet_metadata_cache=true",
  };
  if (options.threads > 0) statements.push_back(fmt::format("SET threads={}", options.threads));
  if (!options.memory_limit.empty()) {
    statements.push_back("SET memory_limit=" + QuoteLiteral(options.memory_limit));
  }
  statements.emplace_back("SET lock_configuration=true");
  for (const auto& sql : statements) {
    auto r = admin->Query(sql);
    if (r->HasError()) {
      return Status(ErrorCode::kInternal, fmt::format("engine setup \"{}\": {}", sql, r->GetError()));
    }
  }
  return Status::OK();
}

Result<std::unique_ptr<Engine>> Engine::Open(const EngineOptions& options,
                                             const catalog::Catalog* catalog,
                                             const store::Store* store, const Clock* clock,
                                             const cold::ManifestStore* manifests, cold::FileCache* files) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->catalog = catalog;
  impl->cold_rows = std::make_unique<cold::RowCache>(options.cold_row_cache_bytes);
  impl->scan = internal::ScanContext{catalog, store, &impl->sessions, clock, options.user_shards, manifests, files,
                                     &impl->table_scans, &impl->hot_rows_scanned};
  try {
    duckdb::DBConfig config;
    config.options.autoinstall_known_extensions = false;
    config.options.autoload_known_extensions = false;
    impl->db = std::make_unique<duckdb::DuckDB>(nullptr, &config);
    // No `FROM 'file.parquet'`: only KalamDB's own views and functions resolve names.
    duckdb::DBConfig::GetConfig(*impl->db->instance).replacement_scans.clear();
    impl->admin = std::make_unique<duckdb::Connection>(*impl->db);
    KALAM_RETURN_IF_ERROR(internal::RegisterSystemTables(*impl->admin, &catalog->system_tables(),
                                                         &impl->sessions));
    KALAM_RETURN_IF_ERROR(internal::RegisterTableScan(*impl->admin, &impl->scan));
    internal::RegisterNonZeroDivisor(*impl->admin);
    internal::RegisterDateAsTimestamp(*impl->admin);
    internal::RegisterJsonContainment(*impl->admin);
    internal::RegisterJsonbFunctions(*impl->admin);
    internal::RegisterPostgresFormat(*impl->admin);
    internal::RegisterTextSearchFunctions(*impl->admin);
    KALAM_RETURN_IF_ERROR(internal::RegisterPostgresMacros(*impl->admin));
    internal::RegisterIntervalFunctions(*impl->admin);
    KALAM_RETURN_IF_ERROR(impl->Configure());
    for (int i = 0; i < std::max(1, options.connections); ++i) {
      impl->idle.push_back(std::make_unique<duckdb::Connection>(*impl->db));
    }
  } catch (const std::exception& ex) {
    return FromEngine(ex, "");
  }
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Engine::~Engine() = default;

Result<std::unique_ptr<duckdb::Connection>> Engine::Impl::Acquire() {
  std::unique_lock lock(mu);
  bool ready = available.wait_for(lock, std::chrono::milliseconds(options.acquire_timeout_ms),
                                  [&] { return !idle.empty(); });
  if (!ready) {
    return Status(ErrorCode::kRateLimited, "too many concurrent queries: try again later");
  }
  auto con = std::move(idle.back());
  idle.pop_back();
  return con;
}

void Engine::Impl::Release(std::unique_ptr<duckdb::Connection> con) {
  {
    std::lock_guard lock(mu);
    idle.push_back(std::move(con));
  }
  available.notify_one();
}

Result<RowSet> Engine::Impl::Run(duckdb::Connection& con,
                                 duckdb::unique_ptr<duckdb::SQLStatement> statement,
                                 std::string_view sql, const QueryContext& ctx) {
  duckdb::vector<duckdb::Value> params;
  for (const auto& p : ctx.params) params.push_back(internal::ParamToDuckValue(p));
  internal::BindArrayParameters(*statement, ctx.params, params);
  auto pending = con.PendingQuery(std::move(statement), params, /*allow_stream_result=*/true);
  if (pending->HasError()) return internal::FromErrorData(pending->GetErrorObject(), sql);
  // Execute() would wait for the first result by calling ExecuteTask() in a tight loop, also while
  // DuckDB's background threads hold every task of the query: on a machine with few cores the
  // spinning caller keeps them off the CPU (SELECT 1 had a p99 of 3-6 ms on 2 cores). Yielding
  // when there is nothing for this thread to run lets them finish (p99 0.4 ms, +33% at 8 clients);
  // a task blocked on I/O (a remote file) is waited for asleep.
  duckdb::PendingExecutionResult step;
  do {
    step = pending->ExecuteTask();
    if (step == duckdb::PendingExecutionResult::NO_TASKS_AVAILABLE) std::this_thread::yield();
    if (step == duckdb::PendingExecutionResult::BLOCKED) pending->WaitForTask();
  } while (!duckdb::PendingQueryResult::IsResultReady(step) && step != duckdb::PendingExecutionResult::EXECUTION_ERROR);
  if (step == duckdb::PendingExecutionResult::EXECUTION_ERROR) {
    return internal::FromErrorData(pending->GetErrorObject(), sql);
  }
  auto result = pending->Execute();
  if (result->HasError()) return internal::FromErrorData(result->GetErrorObject(), sql);
  RowSet out;
  std::vector<DataType> types;
  for (size_t c = 0; c < result->types.size(); ++c) {
    types.push_back(internal::FromLogicalType(result->types[c]));
    out.columns.push_back(ColumnInfo{result->names[c], types.back(), {}});
  }
  while (true) {
    auto chunk = result->Fetch();
    if (result->HasError()) return internal::FromErrorData(result->GetErrorObject(), sql);
    if (!chunk || chunk->size() == 0) break;
    if (static_cast<int64_t>(out.rows.size() + chunk->size()) > ctx.max_rows) {
      return Status(ErrorCode::kProgramLimitExceeded, TooManyRows(ctx));
    }
    for (size_t r = 0; r < chunk->size(); ++r) {
      Row row;
      row.reserve(types.size());
      for (size_t c = 0; c < types.size(); ++c) {
        row.push_back(internal::FromDuckValue(chunk->GetValue(c, r), types[c]));
      }
      out.rows.push_back(std::move(row));
    }
  }
  return out;
}

std::optional<Result<RowSet>> Engine::Impl::RunColdPoint(const internal::ColdPoint& point, std::string_view sql,
                                                         const QueryContext& ctx) {
  auto text = internal::ColdPointSql(point, scan);
  if (!text.ok()) return Result<RowSet>(text.status());
  if (!text->has_value()) return std::nullopt;
  return RunGenerated(**text, sql, ctx, ctx.max_rows);
}

Result<RowSet> Engine::Impl::RunGenerated(const std::string& text, std::string_view sql, const QueryContext& ctx,
                                          int64_t max_rows) {
  KALAM_ASSIGN_OR_RETURN(auto con, Acquire());
  uint64_t id = con->context->GetConnectionId();
  sessions.Bind(id, ctx.caller);
  Result<RowSet> result = Status(ErrorCode::kInternal, "query did not run");
  try {
    duckdb::Parser parser;
    parser.ParseQuery(text);
    QueryContext plain = ctx;
    plain.params.clear();  // values are literals in the generated text
    plain.max_rows = max_rows;
    result = Run(*con, std::move(parser.statements[0]), sql, plain);
  } catch (const std::exception& ex) {
    result = FromEngine(ex, sql);
  }
  sessions.Unbind(id);
  Release(std::move(con));
  return result;
}

std::optional<Result<RowSet>> Engine::Impl::CachedColdPoint(const internal::ColdPoint& point,
                                                            const QueryContext& ctx) {
  // Files of up to one row group are read whole at the first lookup (it costs what the lookup's
  // own read would); larger ones once they are asked for a second time.
  constexpr int64_t kLoadAtOnceRows = 16384;
  if (!cold_rows->enabled()) return std::nullopt;
  auto manifest = scan.manifests->Get(point.table.id, point.scope);
  if (!manifest.ok()) return Result<RowSet>(manifest.status());
  if (!manifest->has_value()) return std::nullopt;
  const cold::Segment* segment = nullptr;
  for (const auto& s : (*manifest)->segments) {
    if (s.batch == point.batch) segment = &s;
  }
  if (segment == nullptr) return std::nullopt;  // compacted meanwhile
  auto local = internal::LocalPathOf(*segment, scan);
  if (!local.ok()) return Result<RowSet>(local.status());
  // The file's SQL names its path and how its columns map to the table's: with its seq range
  // (seqs are never reused) it identifies the rows for good.
  const std::string file_sql = internal::ColdFilesSql(point.table, {*segment}, {*local});
  const std::string key = fmt::format("{}-{}:{}", segment->min_seq, segment->max_seq, file_sql);
  std::shared_ptr<const cold::FileRows> rows = cold_rows->Find(key);
  if (rows == nullptr) {
    if (!cold_rows->WorthLoading(key, segment->rows <= kLoadAtOnceRows)) return std::nullopt;
    auto read = RunGenerated(file_sql, file_sql, ctx, std::numeric_limits<int64_t>::max());
    if (!read.ok()) return Result<RowSet>(read.status());
    const size_t n = point.table.columns.size();
    const size_t pk = point.table.PrimaryKeyIndex();
    const DataType& pk_type = point.table.columns[pk].type;
    auto decoded = std::make_shared<cold::FileRows>();
    decoded->reserve(read->rows.size());
    for (Row& r : read->rows) {
      if (r.size() != n + 2 || !std::holds_alternative<int64_t>(r[n])) continue;
      auto key_part = internal::KeyPartOf(r[pk], pk_type);
      if (!key_part) continue;  // not found here: RunColdPoint answers
      cold::ColdRow row;
      row.seq = std::get<int64_t>(r[n]);
      row.deleted = std::holds_alternative<bool>(r[n + 1]) && std::get<bool>(r[n + 1]);
      r.resize(n);
      row.values = std::move(r);
      decoded->insert_or_assign(std::move(*key_part), std::move(row));
    }
    rows = decoded;
    cold_rows->Insert(key, std::move(decoded));
  }
  auto it = rows->find(point.key_part);
  // The version the cold index names, or the files moved on: the query reads them.
  if (it == rows->end() || it->second.seq != point.seq) return std::nullopt;
  RowSet out;
  out.columns = point.columns;
  if (it->second.deleted) {
    cold_rows_served.fetch_add(1, std::memory_order_relaxed);
    return Result<RowSet>(std::move(out));
  }
  Row cells;
  cells.reserve(point.picked.size());
  for (size_t i : point.picked) cells.push_back(it->second.values[i]);
  out.rows.push_back(std::move(cells));
  cold_rows_served.fetch_add(1, std::memory_order_relaxed);
  return Result<RowSet>(std::move(out));
}

Result<int64_t> Engine::Impl::RunCopy(const std::string& sql, std::shared_ptr<const store::Snapshot> snapshot) {
  KALAM_ASSIGN_OR_RETURN(auto con, Acquire());
  uint64_t id = con->context->GetConnectionId();
  Caller system;
  system.role = Role::kSystem;
  sessions.Bind(id, system, std::move(snapshot));
  Result<int64_t> written = Status(ErrorCode::kInternal, "export did not run");
  try {
    auto result = con->Query(sql);
    if (result->HasError()) {
      written = Status(ErrorCode::kInternal, "Parquet write failed: " + result->GetError());
    } else {
      written = result->GetValue(0, 0).GetValue<int64_t>();
    }
  } catch (const std::exception& ex) {
    written = Status(ErrorCode::kInternal, std::string("Parquet write failed: ") + ex.what());
  }
  sessions.Unbind(id);
  Release(std::move(con));
  return written;
}

namespace {
constexpr std::string_view kParquetOptions = " (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 16384)";
}  // namespace

Result<int64_t> Engine::ExportParquet(const catalog::TableRecord& table, const std::string& user,
                                      std::shared_ptr<const store::Snapshot> snapshot,
                                      const std::string& local_path) {
  // A SHARED table has no partition: `user` is empty and the scan reads all of it.
  const std::string sql = "COPY (SELECT " + internal::ScanColumnList(table) + " FROM kalam_hot(" +
                          QuoteLiteral(table.id.ns.value()) + ", " + QuoteLiteral(table.id.name.value()) + ", " +
                          QuoteLiteral(user) + ")) TO " + QuoteLiteral(local_path) + std::string(kParquetOptions);
  return impl_->RunCopy(sql, std::move(snapshot));
}

Result<int64_t> Engine::CompactParquet(const catalog::TableRecord& table, const std::vector<cold::Segment>& segments,
                                       const std::string& local_path) {
  std::vector<std::string> paths;
  for (const auto& segment : segments) {
    KALAM_ASSIGN_OR_RETURN(std::string local, internal::LocalPathOf(segment, impl_->scan));
    paths.push_back(std::move(local));
  }
  const std::string all = internal::ScanColumnList(table);
  const std::string sql = "COPY (SELECT " + all + " FROM (" + internal::ColdFilesSql(table, segments, paths) + ") " +
                          internal::NewestVersionFilter(table) + " ORDER BY " +
                          sql::QuoteIdentifier(table.columns[table.PrimaryKeyIndex()].name) + ") TO " +
                          QuoteLiteral(local_path) + std::string(kParquetOptions);
  return impl_->RunCopy(sql, nullptr);
}

uint64_t Engine::Impl::StartQuery() {
  std::lock_guard lock(queries_mu);
  running_queries.insert(++query_clock);
  return query_clock;
}

void Engine::Impl::EndQuery(uint64_t started) {
  std::lock_guard lock(queries_mu);
  running_queries.erase(running_queries.find(started));
}

uint64_t Engine::QueryClock() const {
  std::lock_guard lock(impl_->queries_mu);
  return impl_->query_clock;
}

uint64_t Engine::OldestRunningQuery() const {
  std::lock_guard lock(impl_->queries_mu);
  return impl_->running_queries.empty() ? impl_->query_clock + 1 : *impl_->running_queries.begin();
}

void Engine::AllowDirectory(const std::string& directory) {
  // No query may be opening a file while the set changes: hold every connection.
  {
    std::unique_lock lock(impl_->mu);
    const size_t total = static_cast<size_t>(std::max(1, impl_->options.connections));
    impl_->available.wait(lock, [&] { return impl_->idle.size() == total; });
    duckdb::DBConfig::GetConfig(*impl_->db->instance).AddAllowedDirectory(DirectoryOf(directory));
  }
}

uint64_t Engine::point_lookups() const { return impl_->point_lookups.load(std::memory_order_relaxed); }
uint64_t Engine::top_reads() const { return impl_->top_reads.load(std::memory_order_relaxed); }

uint64_t Engine::point_template_hits() const {
  return impl_->point_template_hits.load(std::memory_order_relaxed);
}

uint64_t Engine::table_scans() const { return impl_->table_scans.load(std::memory_order_relaxed); }
uint64_t Engine::hot_rows_scanned() const { return impl_->hot_rows_scanned.load(std::memory_order_relaxed); }

int64_t Engine::duckdb_memory_bytes() const {
  return static_cast<int64_t>(duckdb::BufferManager::GetBufferManager(*impl_->db->instance).GetUsedMemory());
}

int64_t Engine::cold_row_cache_bytes() const { return impl_->cold_rows ? impl_->cold_rows->bytes() : 0; }

uint64_t Engine::cold_rows_served() const { return impl_->cold_rows_served.load(std::memory_order_relaxed); }

void Engine::ClearCaches() {
  {
    std::lock_guard lock(impl_->parse_mu);
    impl_->parsed.clear();
    impl_->point_templates.clear();
  }
  impl_->cold_rows->Clear();
}

Result<std::shared_ptr<const Engine::Impl::Parsed>> Engine::Impl::Parse(std::string_view sql) {
  std::string key(sql);
  {
    std::lock_guard lock(parse_mu);
    auto it = parsed.find(key);
    if (it != parsed.end()) return it->second;
  }
  auto entry = std::make_shared<Parsed>();
  entry->rewritten = internal::RewriteBeforeParse(key);
  const std::string_view text = entry->Text(key);
  try {
    duckdb::ParserOptions options;
    options.integer_division = true;  // PostgreSQL's `/`: 7 / 2 is 3 (an integer), not 3.5
    duckdb::Parser parser(options);
    parser.ParseQuery(std::string(text));
    if (parser.statements.size() != 1) {
      return Status(ErrorCode::kSyntaxError, "expected exactly one statement");
    }
    entry->statement = std::move(parser.statements[0]);
    entry->point = internal::MatchPointShape(*entry->statement);
    entry->top = internal::MatchTopShape(*entry->statement);
    internal::RewriteWrittenForms(*entry->statement, text);
    internal::NameColumnsLikePostgres(*entry->statement);
    if (Status renamed = internal::RenamePostgresFunctions(*entry->statement); !renamed.ok()) return renamed;
    internal::GuardDivisions(*entry->statement);
  } catch (const std::exception& ex) {
    return entry->Original(FromEngine(ex, text));
  }
  std::optional<internal::KeyLiteral> literal;
  if (entry->point && entry->point->keys.size() == 1 && entry->point->keys[0].constant) {
    literal = internal::SplitKeyLiteral(sql);
    if (literal && !literal->Is(*entry->point->keys[0].constant)) literal.reset();
  }
  std::lock_guard lock(parse_mu);
  if (parsed.size() >= kMaxParsed) parsed.clear();
  if (literal) {
    if (point_templates.size() >= kMaxPointTemplates) point_templates.clear();
    point_templates.insert_or_assign(literal->TemplateKey(), std::make_shared<const internal::PointShape>(*entry->point));
  }
  parsed.emplace(std::move(key), entry);
  return std::shared_ptr<const Parsed>(std::move(entry));
}

std::optional<internal::PointShape> Engine::Impl::TemplatedPoint(std::string_view sql) {
  auto literal = internal::SplitKeyLiteral(sql);
  if (!literal) return std::nullopt;
  auto value = literal->ToValue();
  if (!value) return std::nullopt;
  const std::string key = literal->TemplateKey();
  std::shared_ptr<const internal::PointShape> shape;
  {
    std::lock_guard lock(parse_mu);
    auto it = point_templates.find(key);
    if (it == point_templates.end()) return std::nullopt;
    shape = it->second;
  }
  internal::PointShape point = *shape;
  point.keys[0].constant = std::move(*value);
  point_template_hits.fetch_add(1, std::memory_order_relaxed);
  return point;
}

std::optional<Result<RowSet>> Engine::Impl::Top(const internal::TopShape& top, const QueryContext& ctx) {
  auto answered = internal::RunTopQuery(top, scan, ctx);
  if (answered) top_reads.fetch_add(1, std::memory_order_relaxed);
  return answered;
}

std::optional<Result<RowSet>> Engine::Impl::Point(const std::optional<internal::PointShape>& point,
                                                  const QueryContext& ctx) {
  if (!point) return std::nullopt;
  auto answered = internal::RunPointQuery(*point, scan, ctx);
  if (answered) point_lookups.fetch_add(1, std::memory_order_relaxed);
  return answered;
}

std::optional<Result<RowSet>> Engine::Impl::HotOrColdPoint(const internal::PointShape& point, std::string_view sql,
                                                           const QueryContext& ctx) {
  std::optional<internal::ColdPoint> cold;
  auto result = internal::RunPointQuery(point, scan, ctx, &cold);
  if (!result && cold) {
    // Registered as running before the manifest is read: the files it names stay in place.
    const uint64_t started = StartQuery();
    result = CachedColdPoint(*cold, ctx);
    if (!result) result = RunColdPoint(*cold, sql, ctx);
    EndQuery(started);
  }
  if (result) point_lookups.fetch_add(1, std::memory_order_relaxed);
  return result;
}

std::optional<Result<RowSet>> Engine::TryPointQuery(std::string_view sql, const QueryContext& ctx) {
  if (auto templated = impl_->TemplatedPoint(sql)) return impl_->Point(templated, ctx);
  auto parsed = impl_->Parse(sql);
  if (!parsed.ok()) return std::nullopt;  // Query reports the error
  const auto& top = (*parsed)->top;
  if (top && top->limit <= internal::kMaxQuickTopRows && !ctx.snapshot) return impl_->Top(*top, ctx);
  if (top && top->unlimited && !ctx.snapshot) {
    // A key range without LIMIT: here only when it holds at most as many rows as an I/O thread
    // walks; a bigger one is walked (or planned) on a worker.
    internal::TopShape quick = *top;
    quick.limit = internal::kMaxQuickTopRows;
    return impl_->Top(quick, ctx);
  }
  return impl_->Point((*parsed)->point, ctx);
}

std::optional<std::string> Engine::PointLookupColumn(std::string_view sql) {
  auto parsed = impl_->Parse(sql);
  if (!parsed.ok() || !(*parsed)->point || (*parsed)->point->keys.size() != 1) return std::nullopt;
  return (*parsed)->point->key_column;
}

Result<RowSet> Engine::QueryOnRow(const catalog::TableRecord& table, const Row& row,
                                  const std::vector<std::string>& expressions, const QueryContext& ctx,
                                  const Row* excluded, std::string_view name) {
  return QueryOnRows(table, std::span<const Row>(&row, 1), expressions, ctx,
                     excluded != nullptr ? std::span<const Row>(excluded, 1) : std::span<const Row>(), name);
}

Result<RowSet> Engine::QueryOnRows(const catalog::TableRecord& table, std::span<const Row> rows,
                                   const std::vector<std::string>& expressions, const QueryContext& ctx,
                                   std::span<const Row> excluded, std::string_view name) {
  auto fits = [&table](const Row& r) { return r.size() == table.columns.size(); };
  if (expressions.empty() || !std::all_of(rows.begin(), rows.end(), fits) ||
      (!excluded.empty() &&
       (excluded.size() != rows.size() || !std::all_of(excluded.begin(), excluded.end(), fits)))) {
    return Status(ErrorCode::kInternal, "QueryOnRows: the rows do not match the table");
  }
  auto cell = [&table](const Row& row, size_t i) {
    const auto& c = table.columns[i];
    duckdb::LogicalType type = internal::ToLogicalType(c.type);
    return "CAST(" + internal::ToDuckValue(row[i], c.type).DefaultCastAs(type).ToSQLString() + " AS " +
           type.ToString() + ")";
  };
  // Many rows: `(VALUES (cell, …, i), …) AS t(column, …, __kalam_row)`, every cell cast to its
  // column's type. One row (an UPDATE by key): `(SELECT cell AS column, …) AS t`, which DuckDB
  // plans in less time.
  std::string names;
  for (const auto& c : table.columns) names += sql::QuoteIdentifier(c.name) + ", ";
  names += "\"__kalam_row\"";
  auto values = [&](std::span<const Row> of, size_t begin, size_t end, const std::string& alias,
                    const std::string& more_columns = {}) {
    std::string out;
    if (end - begin == 1) {
      for (size_t i = 0; i < table.columns.size(); ++i) {
        out += (i > 0 ? ", " : "") + cell(of[begin], i) + " AS " + sql::QuoteIdentifier(table.columns[i].name);
      }
      return "(SELECT " + out + more_columns + ") AS " + alias;
    }
    for (size_t r = begin; r < end; ++r) {
      out += r > begin ? ", (" : "(";
      for (size_t i = 0; i < table.columns.size(); ++i) out += cell(of[r], i) + ", ";
      out += std::to_string(r - begin) + ")";
    }
    return "(VALUES " + out + ") AS " + alias + "(" + names + ")";
  };
  const std::string alias = sql::QuoteIdentifier(name.empty() ? table.id.name.value() : name);
  // Every parameter is named once (DuckDB refuses values for parameters a statement lacks), in
  // columns no expression can see.
  std::string params;
  for (size_t i = 1; i <= ctx.params.size(); ++i) params += fmt::format(", ${0} AS \"__kalam_param_{0}\"", i);
  // One query per chunk: a statement's text stays small, and the answer within the row limit.
  const size_t chunk = static_cast<size_t>(std::clamp<int64_t>(ctx.max_rows, 1, 1000));
  RowSet out;
  for (size_t begin = 0; begin < rows.size(); begin += chunk) {
    const size_t end = std::min(rows.size(), begin + chunk);
    std::string sql = "SELECT ";
    for (size_t i = 0; i < expressions.size(); ++i) sql += (i > 0 ? ", (" : "(") + expressions[i] + ")";
    try {
      const bool one = end - begin == 1;
      sql += " FROM " + values(rows, begin, end, alias, one ? params : "");
      if (!excluded.empty()) {
        sql += one ? ", " + values(excluded, begin, end, "excluded")
                   : " JOIN " + values(excluded, begin, end, "excluded") + " USING (\"__kalam_row\")";
      }
      if (!one && !params.empty()) sql += ", (SELECT " + params.substr(2) + ") AS \"__kalam_params\"";
    } catch (const std::exception& ex) {
      return Status(ErrorCode::kInternal, std::string("QueryOnRows: ") + ex.what());
    } catch (...) {  // a cell of another kind than its column's (std::bad_variant_access)
      return Status(ErrorCode::kInternal, "QueryOnRows: a cell does not fit its column");
    }
    if (end - begin > 1) sql += " ORDER BY " + alias + ".\"__kalam_row\"";
    // The text is KalamDB's: a position in it would point at the wrong character of the statement.
    auto result = Query(sql, ctx);
    if (!result.ok()) return result.error().position() ? result.error().WithPosition(std::nullopt) : result.error();
    if (result->rows.size() != end - begin) return Status(ErrorCode::kInternal, "QueryOnRows: a row went missing");
    if (out.columns.empty()) out.columns = std::move(result->columns);
    for (Row& r : result->rows) out.rows.push_back(std::move(r));
  }
  return out;
}

Result<RowSet> Engine::Query(std::string_view sql, const QueryContext& ctx) {
  if (!ctx.snapshot) {
    if (auto templated = impl_->TemplatedPoint(sql)) {
      if (auto result = impl_->HotOrColdPoint(*templated, sql, ctx)) return std::move(*result);
    }
  }
  KALAM_ASSIGN_OR_RETURN(auto parsed, impl_->Parse(sql));
  if (parsed->point && !ctx.snapshot) {
    if (auto result = impl_->HotOrColdPoint(*parsed->point, sql, ctx)) return std::move(*result);
  }
  if (parsed->top && !ctx.snapshot) {
    if (auto result = impl_->Top(*parsed->top, ctx)) return std::move(*result);
  }
  duckdb::unique_ptr<duckdb::SQLStatement> statement;
  try {
    statement = parsed->statement->Copy();
  } catch (const std::exception& ex) {
    return FromEngine(ex, sql);
  }
  const std::string_view text = parsed->Text(sql);
  const int64_t now_us = ctx.statement_time_us != 0 ? ctx.statement_time_us : impl_->scan.clock->NowMicros();
  internal::GateContext gate{impl_->catalog, &ctx.caller, &ctx.default_namespace, text, now_us};
  if (Status allowed = internal::CheckAndRewrite(*statement, gate); !allowed.ok()) return parsed->Original(allowed);

  const uint64_t started = impl_->StartQuery();  // before any file list is read
  auto con = impl_->Acquire();
  if (!con.ok()) {
    impl_->EndQuery(started);
    return con.status();
  }
  uint64_t id = (*con)->context->GetConnectionId();
  impl_->sessions.Bind(id, ctx.caller, ctx.snapshot);
  Result<RowSet> result = Status(ErrorCode::kInternal, "query did not run");
  try {
    result = impl_->Run(**con, std::move(statement), text, ctx);
  } catch (const std::exception& ex) {
    result = FromEngine(ex, text);
  }
  impl_->sessions.Unbind(id);
  impl_->Release(std::move(*con));
  impl_->EndQuery(started);
  if (!result.ok()) return parsed->Original(result.error());
  return result;
}

}  // namespace kalam::engine
