#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/storage_record.h"
#include "common/status.h"

namespace kalam::objstore {

/// Where a storage's files live (CONTRACT §4): one interface, one implementation per storage
/// type. Paths are relative to the storage's uri, '/'-separated, never absolute, never `..`.
class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  /// Writes the object whole, atomically (a reader sees the old bytes or the new, never a part).
  virtual Status Put(std::string_view path, std::string_view bytes) = 0;
  /// Writes the local file `local_file` as the object, atomically and durably (the file may be
  /// moved, not copied: it is gone afterwards).
  virtual Status PutFile(std::string_view path, const std::string& local_file);
  /// A path a local reader (DuckDB) can open for the object, when the store is a local directory;
  /// nullopt for remote stores.
  virtual std::optional<std::string> LocalPath(std::string_view path) const;
  /// The object's bytes; TABLE_NOT_FOUND-free: INVALID_PARAMETER when it does not exist.
  virtual Result<std::string> Get(std::string_view path) const = 0;
  /// Paths of the objects below `prefix` (a directory), sorted.
  virtual Result<std::vector<std::string>> List(std::string_view prefix) const = 0;
  /// Makes sure the directory exists (a no-op for object stores without directories).
  virtual Status EnsureDirectory(std::string_view path) = 0;
  /// Deletes one object; a missing one is not an error.
  virtual Status Delete(std::string_view path) = 0;
  /// Deletes everything below `prefix` (a directory path) and the directory itself. Nothing to
  /// delete is not an error.
  virtual Status DeleteTree(std::string_view prefix) = 0;
};

/// A store over a local directory (filesystem storages).
std::unique_ptr<ObjectStore> OpenFilesystem(std::string root);

/// The store of a storage record (filesystem or S3).
Result<std::unique_ptr<ObjectStore>> Open(const catalog::StorageRecord& storage);

/// INVALID_PARAMETER unless `path` is relative, without empty, `.` or `..` segments.
Status CheckRelativePath(std::string_view path);

}  // namespace kalam::objstore
