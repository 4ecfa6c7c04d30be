#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "cold/file_cache.h"
#include "cold/manifest.h"
#include "common/clock.h"
#include "common/snowflake.h"
#include "engine/engine.h"
#include "store/shard_writer.h"
#include "store/store.h"

namespace kalam::exec {

class StatementCache;
}  // namespace kalam::exec

namespace kalam::jobs {
class JobManager;
}  // namespace kalam::jobs

namespace kalam::live {
class LiveManager;
}  // namespace kalam::live

namespace kalam::exec {

/// What statement handlers may use. Non-owning; everything outlives the executor.
struct ExecContext {
  catalog::Catalog* catalog = nullptr;
  engine::Engine* engine = nullptr;
  int64_t max_result_rows = 100000;
  /// Rows one UPDATE, DELETE or INSERT … SELECT may change ([limits] max_write_rows).
  int64_t max_write_rows = 1000000;
  store::Store* store = nullptr;
  store::WriterPool* writers = nullptr;
  const Clock* clock = nullptr;
  /// Generates SNOWFLAKE_ID() defaults (the writers generate _seq from the same node id).
  SnowflakeGenerator* ids = nullptr;
  int user_shards = 4;
  /// Hashes a password (Argon2id, from the auth module; injected so exec stays below auth).
  std::function<Result<std::string>(std::string_view)> hash_password;
  /// Manifests of flushed files and the local cache of remote ones (DROP TABLE removes both).
  const cold::ManifestStore* manifests = nullptr;
  cold::FileCache* files = nullptr;
  /// Background jobs (FLUSH); null where no job may run (some unit tests).
  jobs::JobManager* jobs = nullptr;
  /// Live queries (KILL LIVE QUERY, SUBSCRIBE TO); null where none run (some unit tests).
  live::LiveManager* live = nullptr;
  /// Where clients subscribe: `ws://host:port/v1/ws` (SUBSCRIBE TO answers it).
  std::string ws_url;
  /// The executor's parsed-statement cache (CLEAR CACHE empties it). Set by the executor.
  StatementCache* statement_cache = nullptr;
};

}  // namespace kalam::exec
