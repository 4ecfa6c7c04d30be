#pragma once

#include <string>

#include "catalog/catalog.h"
#include "cold/file_cache.h"
#include "cold/manifest.h"
#include "common/clock.h"
#include "engine/engine.h"
#include "store/shard_writer.h"
#include "store/store.h"

namespace kalam::jobs {

/// What jobs may use. Non-owning; everything outlives the job manager.
struct JobContext {
  catalog::Catalog* catalog = nullptr;
  store::Store* store = nullptr;
  store::WriterPool* writers = nullptr;
  engine::Engine* engine = nullptr;
  const cold::ManifestStore* manifests = nullptr;
  const Clock* clock = nullptr;
  int user_shards = 4;
  /// Scratch directory for files being written ({data_path}/tmp/jobs); emptied at start.
  std::string scratch_dir;
};

}  // namespace kalam::jobs
