#include "config/setting_descriptions.h"

#include <utility>

namespace kalam::config {
namespace {

constexpr std::pair<std::string_view, std::string_view> kDescriptions[] = {
    {"server.host", "Address to listen on"},
    {"server.port", "TCP port for HTTP and WebSocket"},
    {"server.io_threads", "HTTP/WS I/O threads; 0 = one per core"},
    {"server.worker_threads", "Threads that execute statements (= engine connection pool size)"},
    {"server.cors_allowed_origins", "Browser origins allowed to call the API, e.g. [\"https://app.example.com\"] or [\"*\"]"},
    {"storage.data_path", "Directory of rocksdb/, storage/, exports/ and tmp/"},
    {"storage.user_shards", "Shards of USER tables (hash of the user id); fixed once data exists"},
    {"storage.catalog_format", "Encoding of catalog records"},
    {"storage.sync_writes", "true: fsync each group commit before acknowledging; false: WAL without fsync"},
    {"storage.node_id", "Node id inside Snowflake ids (_seq, SNOWFLAKE_ID()), 0-1023"},
    {"rocksdb.keep_log_file_num", "RocksDB LOG files kept"},
    {"rocksdb.max_total_wal_size", "Bytes of WAL before column families are flushed"},
    {"rocksdb.write_buffer_size", "Bytes per memtable"},
    {"rocksdb.prezero_wal_bytes", "Bytes of zeros new WAL files are written over (cheaper fsyncs); 0 = off"},
    {"logging.level", "Log level: trace, debug, info, warn, error or off"},
    {"logging.logs_path", "Directory server.log is written to"},
    {"logging.max_file_size_mb", "Rotate server.log at this size"},
    {"logging.max_files", "Rotated files kept"},
    {"logging.format", "Log format: text, or json (one JSON object per line)"},
    {"auth.root_password", "Password of root; empty: root may log in with an empty password from loopback only"},
    {"auth.jwt_secret", "Secret signing tokens; empty: generated once and kept in {data_path}/jwt_secret"},
    {"auth.jwt_expiry_hours", "Lifetime of tokens issued by /v1/api/auth/login"},
    {"auth.max_failed_logins", "Wrong passwords in a row that lock an account (0 = never lock)"},
    {"auth.lockout_seconds", "How long a locked account refuses every password"},
    {"flush.default_row_limit", "Flush a table when this many rows are hot"},
    {"flush.default_interval_seconds", "Flush a table when its oldest hot row is this many seconds old"},
    {"flush.check_interval_seconds", "How often the scheduler checks the policies"},
    {"compaction.max_files_per_user", "Compact a user's (or SHARED table's) files beyond this many"},
    {"limits.max_result_rows", "Rows returned by one statement before PROGRAM_LIMIT_EXCEEDED"},
    {"limits.max_write_rows", "Rows one UPDATE, DELETE or INSERT ... SELECT may change"},
    {"limits.max_sql_bytes", "Longest accepted SQL text"},
    {"limits.max_ws_subscriptions", "Live queries per WebSocket connection"},
    {"limits.max_body_bytes", "Largest HTTP request body (413 above)"},
    {"websocket.heartbeat_seconds", "Ping interval; a client silent for 2 intervals is dropped"},
    {"websocket.auth_timeout_seconds", "A connection must authenticate within this time"},
    {"websocket.max_message_bytes", "Largest client frame (close 1009 above)"},
    {"websocket.max_queued_frames", "Frames queued for a client before it is disconnected as too slow"},
    {"websocket.max_queued_bytes", "The same limit in bytes: a change frame may carry many rows"},
    {"live.enabled", "Live queries; false = no change log and no feed"},
    {"live.change_retention_seconds", "How far back `from_seq` can resume"},
    {"live.max_subscriptions_per_user", "Live queries per user over all of its connections"},
    {"engine.threads", "DuckDB threads per query; 0 = one per core"},
    {"engine.memory_limit", "DuckDB memory limit, e.g. \"4GB\"; empty = DuckDB's default"},
    {"engine.cold_row_cache_mb", "Recently read Parquet files kept decoded for primary-key lookups; 0 = off"},
};

}  // namespace

std::string_view SettingDescription(std::string_view name) {
  for (const auto& [key, description] : kDescriptions) {
    if (key == name) return description;
  }
  return {};
}

bool IsSecretSetting(std::string_view name) { return name == "auth.root_password" || name == "auth.jwt_secret"; }

}  // namespace kalam::config
