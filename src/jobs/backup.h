#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jobs/job_context.h"

namespace kalam::jobs {

/// A backup (BACKUP DATABASE TO 'dir') is a directory:
///   dir/rocksdb/          a RocksDB checkpoint: catalog, hot rows, change logs, manifests, cold indexes
///   dir/storages/{id}/    a copy of each filesystem storage's directory (Parquet files, manifest.json)
///   dir/backup.json       written last — a directory without it is no backup:
///                         {"format":1,"kalamdb":…,"job_id":"BK-…","created_at":…,
///                          "storages":[{"storage_id":…,"uri":…,"copied":true},…]}
/// S3 storages are not copied: their files stay in the bucket, which the backup's manifests name.
struct BackupManifest {
  struct Storage {
    std::string storage_id;
    std::string uri;
    bool copied = false;
  };
  std::string job_id;
  std::string created_at;
  std::vector<Storage> storages;
};

struct BackupStats {
  int64_t files = 0;
  int64_t bytes = 0;
  int64_t storages = 0;
};

/// Writes a backup of the running database to `dir` (absolute; missing or empty; outside the data
/// directory and every filesystem storage). Runs as a job, so no flush or compaction changes the
/// storages while they are copied; writes go on. When `cancel` becomes true, stops before the next
/// storage with QUERY_CANCELED, leaving no backup.json (so no backup).
Result<BackupStats> BackupDatabase(const std::string& dir, const std::string& job_id, const JobContext& ctx,
                                   const std::atomic<bool>* cancel = nullptr);

/// The backup in `dir`, checked: INVALID_PARAMETER when it is not a complete one.
Result<BackupManifest> ReadBackup(const std::string& dir);

/// RESTORE DATABASE FROM 'dir', first half: copies the backup to `{data_path}/restore/` and writes
/// `restore/restore.json` (the backup's manifest, plus `restore_job_id`, `from`) last. The server
/// applies it when it next starts (ApplyPendingRestore), before it opens anything.
Status StageRestore(const std::string& dir, const std::string& job_id, const JobContext& ctx);

/// What a restore applied at start-up says about itself.
struct AppliedRestore {
  std::string restore_job_id;
  std::string from;
  BackupManifest backup;
};

/// Second half, at start-up before the store is opened: when `{data_path}/restore/restore.json`
/// exists, puts the staged database and storages in place of the current ones (each step
/// repeatable after a crash) and removes the staging; a staging without it, or with one that does
/// not read (interrupted), is deleted. nullopt when there was nothing to apply.
Result<std::optional<AppliedRestore>> ApplyPendingRestore(const std::string& data_path);

}  // namespace kalam::jobs
