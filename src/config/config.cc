#include "config/config.h"

#include <charconv>
#include <fstream>
#include <functional>
#include <sstream>
#include <vector>

#define TOML_EXCEPTIONS 0

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include "config/setting_descriptions.h"

extern char** environ;

namespace kalam::config {
namespace {

Status Invalid(std::string message) { return Status(ErrorCode::kInvalidParameter, std::move(message)); }

/// One configurable key: where it lives and how to set it from TOML or from an env string.
struct Key {
  std::string section;
  std::string name;
  std::function<Status(const toml::node&)> from_toml;
  std::function<Status(std::string_view)> from_text;
  /// The field's value as text (as an environment variable would spell it).
  std::function<std::string()> to_text;
};

template <class T>
Key IntKey(std::string section, std::string name, T* field, int64_t min, int64_t max) {
  auto check = [=](int64_t v, std::string_view where) -> Status {
    if (v < min || v > max) {
      return Invalid(fmt::format("config {}: {} is out of range [{}, {}]", where, v, min, max));
    }
    *field = static_cast<T>(v);
    return Status::OK();
  };
  std::string where = fmt::format("[{}] {}", section, name);
  return Key{section, name,
             [=](const toml::node& n) -> Status {
               auto v = n.value<int64_t>();
               if (!v || !n.is_integer()) return Invalid(fmt::format("config {}: expected an integer", where));
               return check(*v, where);
             },
             [=](std::string_view s) -> Status {
               int64_t v = 0;
               auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
               if (ec != std::errc() || p != s.data() + s.size()) {
                 return Invalid(fmt::format("config {}: \"{}\" is not an integer", where, s));
               }
               return check(v, where);
             },
             [=] { return std::to_string(*field); }};
}

Key BoolKey(std::string section, std::string name, bool* field) {
  std::string where = fmt::format("[{}] {}", section, name);
  return Key{section, name,
             [=](const toml::node& n) -> Status {
               auto v = n.value<bool>();
               if (!v || !n.is_boolean()) return Invalid(fmt::format("config {}: expected true or false", where));
               *field = *v;
               return Status::OK();
             },
             [=](std::string_view s) -> Status {
               if (s == "true" || s == "1") *field = true;
               else if (s == "false" || s == "0") *field = false;
               else return Invalid(fmt::format("config {}: \"{}\" is not true or false", where, s));
               return Status::OK();
             },
             [=] { return std::string(*field ? "true" : "false"); }};
}

Key StrKey(std::string section, std::string name, std::string* field) {
  std::string where = fmt::format("[{}] {}", section, name);
  return Key{section, name,
             [=](const toml::node& n) -> Status {
               auto v = n.value<std::string>();
               if (!v || !n.is_string()) return Invalid(fmt::format("config {}: expected a string", where));
               *field = *v;
               return Status::OK();
             },
             [=](std::string_view s) -> Status {
               *field = std::string(s);
               return Status::OK();
             },
             [=] { return *field; }};
}

/// A list of strings: a TOML array, or comma-separated text in an environment variable.
Key ListKey(std::string section, std::string name, std::vector<std::string>* field) {
  std::string where = fmt::format("[{}] {}", section, name);
  return Key{section, name,
             [=](const toml::node& n) -> Status {
               const auto* array = n.as_array();
               if (array == nullptr) return Invalid(fmt::format("config {}: expected an array of strings", where));
               std::vector<std::string> values;
               for (const auto& item : *array) {
                 auto v = item.value<std::string>();
                 if (!v || !item.is_string()) return Invalid(fmt::format("config {}: expected an array of strings", where));
                 values.push_back(*v);
               }
               *field = std::move(values);
               return Status::OK();
             },
             [=](std::string_view s) -> Status {
               std::vector<std::string> values;
               while (!s.empty()) {
                 const size_t comma = s.find(',');
                 std::string_view item = s.substr(0, comma);
                 while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
                 while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
                 if (!item.empty()) values.emplace_back(item);
                 s = comma == std::string_view::npos ? std::string_view() : s.substr(comma + 1);
               }
               *field = std::move(values);
               return Status::OK();
             },
             [=] { return fmt::format("{}", fmt::join(*field, ",")); }};
}

std::vector<Key> Keys(Config* c) {
  constexpr int64_t kMax = INT64_MAX;
  return {
      StrKey("server", "host", &c->server.host),
      IntKey("server", "port", &c->server.port, 0, 65535),
      IntKey("server", "io_threads", &c->server.io_threads, 0, 256),
      IntKey("server", "worker_threads", &c->server.worker_threads, 1, 1024),
      ListKey("server", "cors_allowed_origins", &c->server.cors_allowed_origins),
      StrKey("storage", "data_path", &c->storage.data_path),
      IntKey("storage", "user_shards", &c->storage.user_shards, 1, 1024),
      StrKey("storage", "catalog_format", &c->storage.catalog_format),
      BoolKey("storage", "sync_writes", &c->storage.sync_writes),
      IntKey("storage", "node_id", &c->storage.node_id, 0, 1023),
      IntKey("rocksdb", "keep_log_file_num", &c->rocksdb.keep_log_file_num, 1, 1000),
      IntKey("rocksdb", "max_total_wal_size", &c->rocksdb.max_total_wal_size, 0, kMax),
      IntKey("rocksdb", "write_buffer_size", &c->rocksdb.write_buffer_size, 1 << 16, kMax),
      IntKey("rocksdb", "prezero_wal_bytes", &c->rocksdb.prezero_wal_bytes, 0, kMax),
      StrKey("logging", "level", &c->logging.level),
      StrKey("logging", "logs_path", &c->logging.logs_path),
      IntKey("logging", "max_file_size_mb", &c->logging.max_file_size_mb, 1, 1 << 20),
      IntKey("logging", "max_files", &c->logging.max_files, 1, 10000),
      StrKey("logging", "format", &c->logging.format),
      StrKey("auth", "root_password", &c->auth.root_password),
      StrKey("auth", "jwt_secret", &c->auth.jwt_secret),
      IntKey("auth", "jwt_expiry_hours", &c->auth.jwt_expiry_hours, 1, 24 * 365),
      IntKey("auth", "max_failed_logins", &c->auth.max_failed_logins, 0, 1000000),
      IntKey("auth", "lockout_seconds", &c->auth.lockout_seconds, 1, 365 * 86400),
      IntKey("flush", "default_row_limit", &c->flush.default_row_limit, 1, kMax),
      IntKey("flush", "default_interval_seconds", &c->flush.default_interval_seconds, 1, kMax),
      IntKey("flush", "check_interval_seconds", &c->flush.check_interval_seconds, 1, 86400),
      IntKey("compaction", "max_files_per_user", &c->compaction.max_files_per_user, 2, 100000),
      IntKey("limits", "max_result_rows", &c->limits.max_result_rows, 1, kMax),
      IntKey("limits", "max_write_rows", &c->limits.max_write_rows, 1, kMax),
      IntKey("limits", "max_sql_bytes", &c->limits.max_sql_bytes, 16, 10 << 20),
      IntKey("limits", "max_ws_subscriptions", &c->limits.max_ws_subscriptions, 1, 1 << 20),
      IntKey("limits", "max_body_bytes", &c->limits.max_body_bytes, 1024, 1LL << 32),
      IntKey("websocket", "heartbeat_seconds", &c->websocket.heartbeat_seconds, 1, 3600),
      IntKey("websocket", "auth_timeout_seconds", &c->websocket.auth_timeout_seconds, 1, 3600),
      IntKey("websocket", "max_message_bytes", &c->websocket.max_message_bytes, 1024, 1LL << 30),
      IntKey("websocket", "max_queued_frames", &c->websocket.max_queued_frames, 16, 1LL << 30),
      IntKey("websocket", "max_queued_bytes", &c->websocket.max_queued_bytes, 1 << 20, 1LL << 40),
      BoolKey("live", "enabled", &c->live.enabled),
      IntKey("live", "change_retention_seconds", &c->live.change_retention_seconds, 1, 365LL * 86400),
      IntKey("live", "max_subscriptions_per_user", &c->live.max_subscriptions_per_user, 1, 1LL << 30),
      IntKey("engine", "threads", &c->engine.threads, 0, 256),
      StrKey("engine", "memory_limit", &c->engine.memory_limit),
      IntKey("engine", "cold_row_cache_mb", &c->engine.cold_row_cache_mb, 0, 1 << 20),
  };
}

struct EnvOverride {
  const char* var;
  const char* section;
  const char* name;
};

constexpr EnvOverride kEnvOverrides[] = {
    {"KALAMDB_HOST", "server", "host"},
    {"KALAMDB_PORT", "server", "port"},
    {"KALAMDB_IO_THREADS", "server", "io_threads"},
    {"KALAMDB_CORS_ALLOWED_ORIGINS", "server", "cors_allowed_origins"},
    {"KALAMDB_DATA_DIR", "storage", "data_path"},
    {"KALAMDB_LOGS_DIR", "logging", "logs_path"},
    {"KALAMDB_LOG_LEVEL", "logging", "level"},
    {"KALAMDB_ROOT_PASSWORD", "auth", "root_password"},
    {"KALAMDB_JWT_SECRET", "auth", "jwt_secret"},
    {"KALAMDB_MAX_FAILED_LOGINS", "auth", "max_failed_logins"},
    {"KALAMDB_LOCKOUT_SECONDS", "auth", "lockout_seconds"},
    {"KALAMDB_USER_SHARDS", "storage", "user_shards"},
    {"KALAMDB_SYNC_WRITES", "storage", "sync_writes"},
    {"KALAMDB_FLUSH_CHECK_INTERVAL_SECONDS", "flush", "check_interval_seconds"},
    {"KALAMDB_MAX_FILES_PER_USER", "compaction", "max_files_per_user"},
    {"KALAMDB_LIVE_ENABLED", "live", "enabled"},
    {"KALAMDB_MAX_WS_SUBSCRIPTIONS", "limits", "max_ws_subscriptions"},
    {"KALAMDB_MAX_SUBSCRIPTIONS_PER_USER", "live", "max_subscriptions_per_user"},
    {"KALAMDB_WS_AUTH_TIMEOUT_SECONDS", "websocket", "auth_timeout_seconds"},
    {"KALAMDB_WS_MAX_QUEUED_FRAMES", "websocket", "max_queued_frames"},
    {"KALAMDB_WS_MAX_QUEUED_BYTES", "websocket", "max_queued_bytes"},
    {"KALAMDB_WS_MAX_MESSAGE_BYTES", "websocket", "max_message_bytes"},
    {"KALAMDB_CHANGE_RETENTION_SECONDS", "live", "change_retention_seconds"},
};

Key* FindKey(std::vector<Key>& keys, std::string_view section, std::string_view name) {
  for (auto& k : keys) {
    if (k.section == section && k.name == name) return &k;
  }
  return nullptr;
}

Status Validate(const Config& c) {
  static constexpr std::string_view kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
  bool level_ok = false;
  for (auto l : kLevels) level_ok |= c.logging.level == l;
  if (!level_ok) {
    return Invalid(fmt::format(
        "config [logging] level: \"{}\" is not one of trace, debug, info, warn, error, off",
        c.logging.level));
  }
  if (c.logging.format != "text" && c.logging.format != "json") {
    return Invalid(fmt::format("config [logging] format: \"{}\" is not text or json", c.logging.format));
  }
  if (c.storage.catalog_format != "json") {
    return Invalid(fmt::format("config [storage] catalog_format: \"{}\" is not json",
                               c.storage.catalog_format));
  }
  if (c.storage.data_path.empty()) return Invalid("config [storage] data_path is empty");
  if (c.server.host.empty()) return Invalid("config [server] host is empty");
  return Status::OK();
}

}  // namespace

Environment ProcessEnvironment() {
  Environment env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view kv(*e);
    if (kv.rfind("KALAMDB_", 0) != 0) continue;
    auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return env;
}

std::vector<Setting> Settings(const Config& config) {
  // Keys() only reads through these pointers here.
  std::vector<Key> keys = Keys(const_cast<Config*>(&config));
  std::vector<Setting> out;
  out.reserve(keys.size());
  for (const Key& k : keys) {
    std::string name = k.section + "." + k.name;
    std::string value = k.to_text();
    if (IsSecretSetting(name) && !value.empty()) value = "********";
    std::string description(SettingDescription(name));
    out.push_back(Setting{std::move(name), std::move(value), std::move(description)});
  }
  return out;
}

Result<Config> Parse(std::string_view toml_text, const Environment& env) {
  Config config;
  std::vector<Key> keys = Keys(&config);
  toml::parse_result parsed = toml::parse(toml_text);
  if (!parsed) {
    const auto& err = parsed.error();
    return Invalid(fmt::format("config: {} at line {}, column {}", err.description(),
                               err.source().begin.line, err.source().begin.column));
  }
  for (const auto& [section_name, section] : parsed.table()) {
    const toml::table* table = section.as_table();
    if (table == nullptr) {
      return Invalid(fmt::format("config: \"{}\" must be a [section]", section_name.str()));
    }
    for (const auto& [key_name, node] : *table) {
      Key* key = FindKey(keys, section_name.str(), key_name.str());
      if (key == nullptr) {
        return Invalid(fmt::format("config: unknown key [{}] {}", section_name.str(), key_name.str()));
      }
      KALAM_RETURN_IF_ERROR(key->from_toml(node));
    }
  }
  for (const auto& o : kEnvOverrides) {
    auto it = env.find(o.var);
    if (it == env.end()) continue;
    Key* key = FindKey(keys, o.section, o.name);
    KALAM_CHECK(key != nullptr);
    Status s = key->from_text(it->second);
    if (!s.ok()) return Invalid(fmt::format("{} (from {})", s.message(), o.var));
  }
  KALAM_RETURN_IF_ERROR(Validate(config));
  return config;
}

Result<Config> Load(const std::optional<std::string>& path, const Environment& env) {
  if (!path) return Parse("", env);
  std::ifstream in(*path);
  if (!in) return Invalid(fmt::format("could not read config file \"{}\"", *path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return Parse(buffer.str(), env);
}

}  // namespace kalam::config
