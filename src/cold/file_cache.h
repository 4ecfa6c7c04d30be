#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "catalog/storage_record.h"
#include "common/status.h"

namespace kalam::cold {

/// Local paths DuckDB can read for cold files. Files of filesystem storages are read where they
/// are; files of remote storages (S3) are downloaded once into `{data_path}/cache/cold` and kept
/// there up to `max_bytes` in total (least recently downloaded first out). Thread-safe.
class FileCache {
 public:
  FileCache(std::string directory, int64_t max_bytes);

  /// The local path of `path` (relative to the storage's uri), downloading it when needed.
  Result<std::string> LocalPath(const catalog::StorageRecord& storage, const std::string& path);
  /// Forgets the cached copies of a storage's objects below `prefix` (after DROP TABLE).
  void Evict(const catalog::StorageRecord& storage, const std::string& prefix);
  const std::string& directory() const { return directory_; }

 private:
  void TrimLocked();
  std::string directory_;
  int64_t max_bytes_;
  std::mutex mu_;
};

}  // namespace kalam::cold
