#include "cold/file_cache.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

#include <fmt/format.h>

#include "objstore/object_store.h"

namespace kalam::cold {

namespace fs = std::filesystem;

FileCache::FileCache(std::string directory, int64_t max_bytes)
    : directory_(fs::absolute(directory).lexically_normal().string()), max_bytes_(max_bytes) {}

Result<std::string> FileCache::LocalPath(const catalog::StorageRecord& storage, const std::string& path) {
  KALAM_ASSIGN_OR_RETURN(auto files, objstore::Open(storage));
  if (auto local = files->LocalPath(path)) return *local;
  KALAM_RETURN_IF_ERROR(objstore::CheckRelativePath(path));
  fs::path target = fs::path(directory_) / storage.id.value() / path;
  std::lock_guard lock(mu_);
  std::error_code ec;
  if (fs::exists(target, ec)) return target.string();
  KALAM_ASSIGN_OR_RETURN(std::string bytes, files->Get(path));
  fs::create_directories(target.parent_path(), ec);
  if (ec) return Status(ErrorCode::kInternal, fmt::format("could not create {}: {}", target.parent_path().string(), ec.message()));
  fs::path temp = target;
  temp += ".part";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return Status(ErrorCode::kInternal, fmt::format("could not write {}", temp.string()));
  }
  fs::rename(temp, target, ec);
  if (ec) return Status(ErrorCode::kInternal, fmt::format("could not cache {}: {}", target.string(), ec.message()));
  TrimLocked();
  return target.string();
}

void FileCache::Evict(const catalog::StorageRecord& storage, const std::string& prefix) {
  std::lock_guard lock(mu_);
  std::error_code ec;
  fs::remove_all(fs::path(directory_) / storage.id.value() / prefix, ec);
}

void FileCache::TrimLocked() {
  struct Entry {
    fs::path path;
    fs::file_time_type time;
    int64_t size;
  };
  std::vector<Entry> entries;
  int64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(directory_, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    auto size = static_cast<int64_t>(it->file_size(ec));
    entries.push_back({it->path(), it->last_write_time(ec), size});
    total += size;
  }
  if (total <= max_bytes_) return;
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.time < b.time; });
  for (const auto& e : entries) {
    if (total <= max_bytes_) break;
    fs::remove(e.path, ec);
    total -= e.size;
  }
}

}  // namespace kalam::cold
