#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace kalam::config {

struct ServerSection {
  std::string host = "127.0.0.1";
  int port = 8080;
  /// HTTP/WS I/O threads; 0 = one per core.
  int io_threads = 0;
  /// Threads that run statements (and so the size of the engine connection pool).
  int worker_threads = 8;
  /// Browser origins allowed to call the API from scripts ("https://app.example.com", or "*").
  /// Empty: none (browsers refuse cross-origin calls; other clients are unaffected).
  std::vector<std::string> cors_allowed_origins;
};

struct StorageSection {
  std::string data_path = "./data";
  int user_shards = 4;
  /// Encoding of catalog records (serde): "json".
  std::string catalog_format = "json";
  /// true: a write is acknowledged after its group commit is fsync'd (no acknowledged write is
  /// lost on power failure). false: acknowledged once in the WAL (OS buffer): survives a process
  /// crash, not a power failure.
  bool sync_writes = true;
  /// Node id in Snowflake ids (_seq, SNOWFLAKE_ID()), 0-1023.
  int node_id = 1;
};

struct RocksDbSection {
  int keep_log_file_num = 5;
  int64_t max_total_wal_size = 256LL << 20;
  int64_t write_buffer_size = 32LL << 20;
  /// Bytes of zeros each new WAL file is written over (a spare made in the background); 0: off.
  int64_t prezero_wal_bytes = 32LL << 20;
};

struct LoggingSection {
  std::string level = "info";
  std::string logs_path = "./logs";
  int max_file_size_mb = 100;
  int max_files = 5;
  /// "text" or "json".
  std::string format = "text";
};

struct AuthSection {
  std::string root_password;
  std::string jwt_secret;
  int jwt_expiry_hours = 24;
  /// Failed password checks in a row that lock an account; 0 = never lock.
  int max_failed_logins = 5;
  /// How long a locked account refuses passwords.
  int lockout_seconds = 900;
};

struct FlushSection {
  int64_t default_row_limit = 10000;
  int64_t default_interval_seconds = 300;
  int64_t check_interval_seconds = 10;
};

struct CompactionSection {
  /// A partition (a user's files of a USER table, or a SHARED table) with more Parquet files
  /// than this is compacted into one.
  int64_t max_files_per_user = 8;
};

struct LimitsSection {
  int64_t max_result_rows = 100000;
  /// Rows one UPDATE, DELETE or INSERT … SELECT may change (they are read into memory first).
  int64_t max_write_rows = 1000000;
  int64_t max_sql_bytes = 1 << 20;
  int64_t max_ws_subscriptions = 100;
  int64_t max_body_bytes = 10 << 20;
};

struct WebSocketSection {
  int heartbeat_seconds = 30;
  /// A connection must authenticate within this time.
  int auth_timeout_seconds = 10;
  /// Largest client frame accepted.
  int64_t max_message_bytes = 1 << 20;
  /// Frames queued for a client before it counts as too slow and is disconnected.
  int64_t max_queued_frames = 10000;
  /// Bytes of frames queued for a client before it counts as too slow (a change frame may carry
  /// up to batch_size rows).
  int64_t max_queued_bytes = 64LL << 20;
};

struct LiveSection {
  /// Live queries on (changes are logged and fanned out); off = writers skip both.
  bool enabled = true;
  /// How long the change log keeps changes for resuming with from_seq.
  int64_t change_retention_seconds = 3600;
  /// Subscriptions one user may hold over all connections.
  int64_t max_subscriptions_per_user = 10000;
};

struct EngineSection {
  /// DuckDB worker threads per query; 0 = one per core.
  int threads = 0;
  /// DuckDB memory limit, e.g. "2GB"; empty = DuckDB's default (80% of RAM).
  std::string memory_limit;
  /// MiB of recently read cold files kept decoded, so primary-key lookups of flushed rows skip
  /// the Parquet read; 0 = none.
  int64_t cold_row_cache_mb = 64;
};

/// The whole server configuration. Every field has a default, so an empty file is valid.
struct Config {
  ServerSection server;
  StorageSection storage;
  RocksDbSection rocksdb;
  LoggingSection logging;
  AuthSection auth;
  FlushSection flush;
  CompactionSection compaction;
  LimitsSection limits;
  WebSocketSection websocket;
  LiveSection live;
  EngineSection engine;
};

using Environment = std::map<std::string, std::string>;

/// Reads the process environment's KALAMDB_* variables.
Environment ProcessEnvironment();

/// Builds the configuration: defaults, then the TOML text (may be empty), then environment
/// overrides (CONTRACT §1). INVALID_PARAMETER for a syntax error, an unknown key, a value of the
/// wrong type or out of range.
Result<Config> Parse(std::string_view toml_text, const Environment& env);

/// One configuration key as `system.settings` lists it.
struct Setting {
  std::string name;         // "section.key", e.g. "storage.sync_writes"
  std::string value;        // effective value as text; secrets that are set read "********"
  std::string description;
};

/// Every configuration key with its effective value, in the order of config/server.example.toml.
std::vector<Setting> Settings(const Config& config);

/// Parse() of a file; a missing `path` means no file. INVALID_PARAMETER when it cannot be read.
Result<Config> Load(const std::optional<std::string>& path, const Environment& env);

}  // namespace kalam::config
