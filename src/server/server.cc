#include "server/server.h"

#include "server/login_recorder.h"

#include <fmt/format.h>

#include <unistd.h>

#include <csignal>
#include <filesystem>

#include "api/http_server.h"
#include "api/router.h"
#include "auth/authenticator.h"
#include "auth/password.h"
#include "catalog/catalog.h"
#include "cold/file_cache.h"
#include "cold/manifest.h"
#include "engine/engine.h"
#include "exec/user_files.h"
#include "jobs/advisor.h"
#include "jobs/backup.h"
#include "jobs/job_manager.h"
#include "live/live_manager.h"
#include "exec/executor.h"
#include "logging/logging.h"
#include "server/bootstrap.h"
#include "server/system_settings.h"
#include "server/system_stats.h"
#include "store/shard_writer.h"
#include "store/store.h"

#ifndef KALAM_VERSION
#define KALAM_VERSION "0.0.0"
#endif

namespace kalam::server {
namespace {

/// Local copies of files in remote (S3) storages kept at most.
constexpr int64_t kColdCacheBytes = 1LL << 30;

}  // namespace

struct Server::Parts {
  SystemClock clock;
  std::unique_ptr<api::HttpServer> http;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<SnowflakeGenerator> ids;
  std::unique_ptr<store::WriterPool> writers;
  std::unique_ptr<catalog::Catalog> catalog;
  std::unique_ptr<cold::ManifestStore> manifests;
  std::unique_ptr<cold::FileCache> files;
  std::unique_ptr<engine::Engine> engine;
  std::unique_ptr<jobs::JobManager> jobs;
  std::unique_ptr<LoginRecorder> login_recorder;
  std::unique_ptr<auth::Authenticator> authenticator;
  std::unique_ptr<live::LiveManager> live;
  std::unique_ptr<exec::Executor> executor;
  std::unique_ptr<exec::UserFiles> user_files;
  std::unique_ptr<api::Router> router;
  bool stopped = false;
};

Server::Server(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Server::~Server() { Stop(); }

int Server::port() const { return parts_->http->port(); }

Result<std::unique_ptr<Server>> Server::Start(const config::Config& config) {
  auto log = logging::Logger("server");
  auto parts = std::make_unique<Parts>();
  int64_t started_at_us = parts->clock.NowMicros();

  api::HttpServerOptions http_options;
  http_options.host = config.server.host;
  http_options.port = config.server.port;
  http_options.io_threads = config.server.io_threads;
  http_options.worker_threads = config.server.worker_threads;
  http_options.max_body_bytes = config.limits.max_body_bytes;
  http_options.cors = api::CorsPolicy(config.server.cors_allowed_origins);
  KALAM_ASSIGN_OR_RETURN(parts->http, api::HttpServer::Bind(http_options));

  const std::string& data = config.storage.data_path;
  KALAM_RETURN_IF_ERROR(PrepareDataDir(data));
  // A restore staged before the last restart (RESTORE DATABASE) replaces the data now.
  KALAM_ASSIGN_OR_RETURN(std::optional<jobs::AppliedRestore> restored, jobs::ApplyPendingRestore(data));
  if (restored) KALAM_LOG_WARN(log, "restored the database from {} (backup {})", restored->from, restored->backup.job_id);
  store::StoreOptions store_options;
  store_options.path = (std::filesystem::path(data) / "rocksdb").string();
  store_options.keep_log_file_num = config.rocksdb.keep_log_file_num;
  store_options.max_total_wal_size = config.rocksdb.max_total_wal_size;
  store_options.write_buffer_size = config.rocksdb.write_buffer_size;
  // Only fsync'd commits gain from it (cheaper fdatasync); unsynced ones would only write the zeros.
  store_options.prezero_wal_bytes = config.storage.sync_writes ? config.rocksdb.prezero_wal_bytes : 0;
  KALAM_ASSIGN_OR_RETURN(parts->store, store::Store::Open(store_options));
  KALAM_ASSIGN_OR_RETURN(auto format, serde::ParseFormat(config.storage.catalog_format));
  KALAM_ASSIGN_OR_RETURN(parts->catalog, catalog::Catalog::Open(parts->store.get(), format, &parts->clock));
  if (restored) KALAM_RETURN_IF_ERROR(RecordRestore(*restored, parts->catalog->jobs(), parts->clock));
  KALAM_RETURN_IF_ERROR(EnsureRootUser(parts->catalog->users(), config.auth.root_password, parts->clock));
  KALAM_RETURN_IF_ERROR(parts->catalog->storages().EnsureLocal(
      (std::filesystem::absolute(data) / "storage").string(), parts->clock.NowMicros()));

  // Served by the live manager, which needs the engine: registered now, bound once it exists.
  parts->catalog->RegisterSystemTable(catalog::SystemTable{
      "live_queries", live::LiveManager::LiveQueriesColumns(), /*any_role=*/true,
      [p = parts.get()](const Caller& caller) -> Result<std::vector<Row>> {
        return p->live ? p->live->Rows(caller) : std::vector<Row>();
      }});

  config::Config running = config;
  running.server.port = parts->http->port();  // the port taken when the setting is 0 (any)
  parts->catalog->RegisterSystemTable(catalog::SystemTable{
      "settings", SettingsColumns(), /*any_role=*/false,
      [rows = SettingsRows(running)](const Caller&) -> Result<std::vector<Row>> { return rows; }});
  parts->catalog->RegisterSystemTable(catalog::SystemTable{
      "stats", StatsColumns(), /*any_role=*/false,
      [p = parts.get(), started_at_us](const Caller&) -> Result<std::vector<Row>> {
        if (p->engine == nullptr) return std::vector<Row>();  // still starting
        return StatsRows(StatsSources{p->store.get(), p->engine.get(), p->live.get(), &p->clock, started_at_us,
                                      KALAM_VERSION});
      }});

  parts->catalog->RegisterSystemTable(catalog::SystemTable{
      "advice", jobs::AdviceColumns(), /*any_role=*/false,
      [p = parts.get(), started_at_us, sync = config.storage.sync_writes, flush_rows = config.flush.default_row_limit,
       shards = config.storage.user_shards](const Caller&) -> Result<std::vector<Row>> {
        return jobs::AdviceRows(
            jobs::AdvisorInputs{p->catalog.get(), p->store.get(), &p->clock, shards, flush_rows, sync, started_at_us});
      }});

  engine::EngineOptions engine_options;
  engine_options.data_path = data;
  engine_options.threads = config.engine.threads;
  engine_options.memory_limit = config.engine.memory_limit;
  engine_options.connections = config.server.worker_threads;
  engine_options.user_shards = config.storage.user_shards;
  engine_options.cold_row_cache_bytes = config.engine.cold_row_cache_mb << 20;
  parts->manifests = std::make_unique<cold::ManifestStore>(parts->store.get(), format);
  parts->files = std::make_unique<cold::FileCache>((std::filesystem::path(data) / "cache" / "cold").string(),
                                                   kColdCacheBytes);
  KALAM_ASSIGN_OR_RETURN(parts->engine, engine::Engine::Open(engine_options, parts->catalog.get(),
                                                             parts->store.get(), &parts->clock,
                                                             parts->manifests.get(), parts->files.get()));

  KALAM_ASSIGN_OR_RETURN(std::string secret, LoadOrCreateJwtSecret(data, config.auth.jwt_secret));
  const catalog::UserCatalog* users = &parts->catalog->users();
  parts->login_recorder = std::make_unique<LoginRecorder>(
      parts->catalog.get(), &parts->clock, config.auth.max_failed_logins, config.auth.lockout_seconds);
  parts->authenticator = std::make_unique<auth::Authenticator>(
      auth::AuthOptions{secret, config.auth.jwt_expiry_hours},
      [users](const UserId& id) -> std::optional<auth::Principal> {
        auto user = users->GetActive(id);
        if (!user) return std::nullopt;
        return auth::Principal{user->username, user->role, user->password_hash, user->locked_until_us,
                               user->failed_logins};
      },
      &parts->clock,
      [recorder = parts->login_recorder.get()](std::string_view name, auth::LoginOutcome outcome,
                                               std::string_view addr) { recorder->Record(name, outcome, addr); });
  parts->ids = std::make_unique<SnowflakeGenerator>(config.storage.node_id, &parts->clock);
  parts->writers = std::make_unique<store::WriterPool>(parts->store.get(), parts->ids.get(),
                                                       config.storage.user_shards,
                                                       config.storage.sync_writes,
                                                       config.live.enabled ? config.live.change_retention_seconds * 1000 : 0);
  KALAM_RETURN_IF_ERROR(parts->writers->Init());
  live::LiveOptions live_options;
  live_options.max_per_connection = config.limits.max_ws_subscriptions;
  live_options.max_per_user = config.live.max_subscriptions_per_user;
  live_options.max_initial_rows = config.limits.max_result_rows;
  live_options.user_shards = config.storage.user_shards;
  parts->live = std::make_unique<live::LiveManager>(live_options, parts->catalog.get(), parts->store.get(),
                                                    parts->writers.get(), parts->engine.get(), parts->ids.get(),
                                                    &parts->clock);
  parts->live->Start();
  parts->writers->SetListener(parts->live.get());
  parts->writers->Start();
  jobs::JobContext job_context;
  job_context.catalog = parts->catalog.get();
  job_context.store = parts->store.get();
  job_context.writers = parts->writers.get();
  job_context.engine = parts->engine.get();
  job_context.manifests = parts->manifests.get();
  job_context.clock = &parts->clock;
  job_context.user_shards = config.storage.user_shards;
  job_context.files = parts->files.get();
  job_context.flush_rows = config.flush.default_row_limit;
  job_context.flush_interval_seconds = config.flush.default_interval_seconds;
  job_context.check_interval_seconds = config.flush.check_interval_seconds;
  job_context.max_files_per_user = config.compaction.max_files_per_user;
  job_context.scratch_dir = (std::filesystem::absolute(data) / "tmp" / "jobs").string();
  job_context.exports_dir = (std::filesystem::absolute(data) / "exports").string();
  job_context.data_path = std::filesystem::absolute(data).string();
  job_context.request_restart = [] { ::kill(::getpid(), SIGUSR1); };  // main() restarts the server
  parts->jobs = std::make_unique<jobs::JobManager>(job_context);
  KALAM_RETURN_IF_ERROR(parts->jobs->Start());
  exec::ExecContext exec_context;
  exec_context.catalog = parts->catalog.get();
  exec_context.engine = parts->engine.get();
  exec_context.max_result_rows = config.limits.max_result_rows;
  exec_context.max_write_rows = config.limits.max_write_rows;
  exec_context.store = parts->store.get();
  exec_context.writers = parts->writers.get();
  exec_context.clock = &parts->clock;
  exec_context.ids = parts->ids.get();
  exec_context.user_shards = config.storage.user_shards;
  exec_context.manifests = parts->manifests.get();
  exec_context.files = parts->files.get();
  exec_context.jobs = parts->jobs.get();
  exec_context.live = parts->live.get();
  {
    const std::string& host = config.server.host;
    const bool any = host == "0.0.0.0" || host == "::" || host.empty();
    const bool v6 = host.find(':') != std::string::npos;
    exec_context.ws_url = fmt::format("ws://{}:{}/v1/ws", any ? std::string("localhost") : v6 ? "[" + host + "]" : host,
                                      parts->http->port());
  }
  exec_context.hash_password = [](std::string_view password) { return auth::HashPassword(password); };
  parts->executor = std::make_unique<exec::Executor>(exec_context);
  KALAM_RETURN_IF_ERROR(exec::UserFiles::EnsureTable(exec_context));
  parts->user_files = std::make_unique<exec::UserFiles>(exec_context);
  api::ApiContext api_context{parts->authenticator.get(), parts->executor.get(), &parts->clock,
                              started_at_us, config.limits.max_sql_bytes, KALAM_VERSION};
  api_context.live = parts->live.get();
  api_context.jobs = parts->jobs.get();
  api_context.files = parts->user_files.get();
  api_context.ws.heartbeat_seconds = config.websocket.heartbeat_seconds;
  api_context.ws.auth_timeout_seconds = config.websocket.auth_timeout_seconds;
  api_context.ws.max_message_bytes = config.websocket.max_message_bytes;
  api_context.ws.max_queued_frames = config.websocket.max_queued_frames;
  api_context.ws.max_queued_bytes = config.websocket.max_queued_bytes;
  parts->router = std::make_unique<api::Router>(api_context);
  parts->http->Start(parts->router.get());
  KALAM_LOG_INFO(log, "KalamDB {} listening on {}:{}, data in {}", KALAM_VERSION,
                 config.server.host, parts->http->port(), data);
  return std::unique_ptr<Server>(new Server(std::move(parts)));
}

void Server::Stop() {
  if (parts_->stopped) return;
  parts_->stopped = true;
  auto log = logging::Logger("server");
  KALAM_LOG_INFO(log, "shutting down: draining requests");
  parts_->http->Stop();
  if (parts_->live) parts_->live->Stop();
  if (parts_->jobs) parts_->jobs->Stop();
  if (parts_->writers) parts_->writers->Stop();
  parts_->engine.reset();
  Status s = parts_->store->FlushWal();
  if (!s.ok()) KALAM_LOG_ERROR(log, "flushing the WAL failed: {}", s.ToString());
  parts_->store.reset();
  KALAM_LOG_INFO(log, "stopped");
}

}  // namespace kalam::server
