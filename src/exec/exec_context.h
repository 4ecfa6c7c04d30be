#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "common/clock.h"
#include "common/snowflake.h"
#include "engine/engine.h"
#include "store/shard_writer.h"
#include "store/store.h"

namespace kalam::exec {

/// What statement handlers may use. Non-owning; everything outlives the executor.
struct ExecContext {
  catalog::Catalog* catalog = nullptr;
  engine::Engine* engine = nullptr;
  int64_t max_result_rows = 100000;
  store::Store* store = nullptr;
  store::WriterPool* writers = nullptr;
  const Clock* clock = nullptr;
  /// Generates SNOWFLAKE_ID() defaults (the writers generate _seq from the same node id).
  SnowflakeGenerator* ids = nullptr;
  int user_shards = 4;
  /// Hashes a password (Argon2id, from the auth module; injected so exec stays below auth).
  std::function<Result<std::string>(std::string_view)> hash_password;
};

}  // namespace kalam::exec
