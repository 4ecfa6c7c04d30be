#pragma once

#include <functional>
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
  /// Local copies of remote files (dropped with the files compaction replaces); may be null.
  cold::FileCache* files = nullptr;
  const Clock* clock = nullptr;
  int user_shards = 4;
  /// [flush] defaults for tables without a FLUSH_POLICY part, and how often policies are checked.
  int64_t flush_rows = 10000;
  int64_t flush_interval_seconds = 300;
  int64_t check_interval_seconds = 10;
  /// [compaction] max_files_per_user: a partition with more files is compacted after a flush.
  int64_t max_files_per_user = 8;
  /// The server's data directory (backups and restores), and a way to restart the server (a
  /// restore is applied at start-up); may be empty.
  std::string data_path;
  std::function<void()> request_restart;
  /// Where user exports are kept ({data_path}/exports).
  std::string exports_dir;
  /// Scratch directory for files being written ({data_path}/tmp/jobs); emptied at start.
  std::string scratch_dir;

  /// A fresh path in the scratch directory for a job's Parquet file.
  std::string NewScratchFile(const std::string& job_id) const;
};

}  // namespace kalam::jobs
