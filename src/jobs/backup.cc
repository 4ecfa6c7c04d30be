#include "jobs/backup.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/time_format.h"
#include "objstore/object_store.h"

namespace kalam::jobs {
namespace {

namespace fs = std::filesystem;

constexpr int kFormat = 1;

/// Whether `inner` is `outer` or inside it (both absolute, normalized).
bool Within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // a trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

fs::path Normal(const std::string& p) { return fs::weakly_canonical(fs::path(p)).lexically_normal(); }

/// Copies `from` (a directory tree) to `to`, counting files and bytes.
Status CopyTree(const fs::path& from, const fs::path& to, BackupStats* stats) {
  std::error_code ec;
  fs::create_directories(to, ec);
  if (ec) return Status(ErrorCode::kInternal, fmt::format("could not create {}: {}", to.string(), ec.message()));
  for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const fs::path target = to / fs::relative(it->path(), from);
    if (it->is_directory()) {
      fs::create_directories(target, ec);
    } else if (it->is_regular_file()) {
      fs::copy_file(it->path(), target, fs::copy_options::overwrite_existing, ec);
      if (stats != nullptr && !ec) {
        stats->files += 1;
        stats->bytes += static_cast<int64_t>(it->file_size());
      }
    }
    if (ec) break;
  }
  if (ec) return Status(ErrorCode::kInternal, fmt::format("could not copy {}: {}", from.string(), ec.message()));
  return Status::OK();
}

/// Writes `text` to `dir`/`name` whole or not at all (the filesystem store's temporary file and rename).
Status WriteWhole(const fs::path& dir, std::string_view name, const std::string& text) {
  return objstore::OpenFilesystem(dir.string())->Put(name, text);
}

Result<nlohmann::json> ReadJson(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(ErrorCode::kInvalidParameter, fmt::format("{} cannot be read", path.string()));
  std::stringstream text;
  text << in.rdbuf();
  auto doc = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return Status(ErrorCode::kInvalidParameter, fmt::format("{} is not a backup manifest", path.string()));
  return doc;
}

Result<BackupManifest> ManifestOf(const nlohmann::json& doc, const std::string& where) {
  BackupManifest m;
  auto bad = [&where] {
    return Status(ErrorCode::kInvalidParameter, fmt::format("{} is not a KalamDB backup (backup.json is damaged)", where));
  };
  if (doc.value("format", 0) != kFormat) return bad();
  if (!doc.contains("job_id") || !doc["job_id"].is_string() || !doc.contains("storages") || !doc["storages"].is_array()) {
    return bad();
  }
  m.job_id = doc["job_id"].get<std::string>();
  m.created_at = doc.value("created_at", "");
  for (const auto& s : doc["storages"]) {
    if (!s.is_object() || !s.contains("storage_id") || !s["storage_id"].is_string()) return bad();
    m.storages.push_back({s["storage_id"].get<std::string>(), s.value("uri", ""), s.value("copied", false)});
  }
  return m;
}

nlohmann::json JsonOf(const BackupManifest& m) {
  nlohmann::json storages = nlohmann::json::array();
  for (const auto& s : m.storages) storages.push_back({{"storage_id", s.storage_id}, {"uri", s.uri}, {"copied", s.copied}});
  return {{"format", kFormat}, {"kalamdb", KALAM_VERSION}, {"job_id", m.job_id}, {"created_at", m.created_at},
          {"storages", storages}};
}

/// Moves `from` to `to` (replacing it): a rename, or a copy across file systems.
Status MoveInto(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::path replaced = to;
  replaced += ".replaced";
  fs::remove_all(replaced, ec);
  if (fs::exists(to)) {
    fs::rename(to, replaced, ec);
    if (ec) return Status(ErrorCode::kInternal, fmt::format("could not move {} aside: {}", to.string(), ec.message()));
  }
  fs::create_directories(to.parent_path(), ec);
  fs::rename(from, to, ec);
  if (ec) {  // another file system
    ec.clear();
    KALAM_RETURN_IF_ERROR(CopyTree(from, to, nullptr));
    fs::remove_all(from, ec);
  }
  fs::remove_all(replaced, ec);
  return Status::OK();
}

}  // namespace

Result<BackupStats> BackupDatabase(const std::string& dir, const std::string& job_id, const JobContext& ctx,
                                   const std::atomic<bool>* cancel) {
  const fs::path target(dir);
  if (!target.is_absolute()) {
    return Status(ErrorCode::kInvalidParameter, fmt::format("backup path \"{}\" must be absolute", dir));
  }
  std::error_code ec;
  if (fs::exists(target) && !(fs::is_directory(target) && fs::is_empty(target, ec))) {
    return Status(ErrorCode::kInvalidParameter, fmt::format("backup path \"{}\" exists and is not an empty directory", dir));
  }
  const fs::path normal = Normal(dir);
  std::vector<catalog::StorageRecord> storages = ctx.catalog->storages().List();
  if (!ctx.data_path.empty() && Within(normal, Normal(ctx.data_path))) {
    return Status(ErrorCode::kInvalidParameter, fmt::format("backup path \"{}\" is inside the data directory", dir));
  }
  for (const auto& s : storages) {
    if (s.type == StorageType::kFilesystem && !s.uri.empty() && Within(normal, Normal(s.uri))) {
      return Status(ErrorCode::kInvalidParameter,
                    fmt::format("backup path \"{}\" is inside storage '{}'", dir, s.id.value()));
    }
  }
  fs::create_directories(target, ec);
  if (ec) return Status(ErrorCode::kInvalidParameter, fmt::format("could not create \"{}\": {}", dir, ec.message()));

  BackupManifest manifest;
  manifest.job_id = job_id;
  manifest.created_at = FormatTimestampMicros(ctx.clock->NowMicros());
  BackupStats stats;
  KALAM_RETURN_IF_ERROR(ctx.store->Checkpoint((target / "rocksdb").string()));
  for (auto it = fs::recursive_directory_iterator(target / "rocksdb", ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file()) {
      stats.files += 1;
      stats.bytes += static_cast<int64_t>(it->file_size());
    }
  }
  for (const auto& s : storages) {
    if (cancel != nullptr && cancel->load()) return Status(ErrorCode::kQueryCanceled, "the backup was cancelled");
    BackupManifest::Storage entry{s.id.value(), s.uri, false};
    if (s.type == StorageType::kFilesystem && !s.uri.empty() && fs::is_directory(s.uri)) {
      KALAM_RETURN_IF_ERROR(CopyTree(s.uri, target / "storages" / s.id.value(), &stats));
      entry.copied = true;
      stats.storages += 1;
    }
    manifest.storages.push_back(std::move(entry));
  }
  KALAM_RETURN_IF_ERROR(WriteWhole(target, "backup.json", JsonOf(manifest).dump(2) + "\n"));
  return stats;
}

Result<BackupManifest> ReadBackup(const std::string& dir) {
  const fs::path from(dir);
  if (!from.is_absolute()) return Status(ErrorCode::kInvalidParameter, fmt::format("backup path \"{}\" must be absolute", dir));
  if (!fs::exists(from / "backup.json")) {
    return Status(ErrorCode::kInvalidParameter, fmt::format("\"{}\" holds no complete backup (no backup.json)", dir));
  }
  KALAM_ASSIGN_OR_RETURN(auto doc, ReadJson(from / "backup.json"));
  KALAM_ASSIGN_OR_RETURN(BackupManifest manifest, ManifestOf(doc, dir));
  if (!fs::is_directory(from / "rocksdb")) {
    return Status(ErrorCode::kInvalidParameter, fmt::format("\"{}\" holds no complete backup (no rocksdb/)", dir));
  }
  for (const auto& s : manifest.storages) {
    if (s.copied && !fs::is_directory(from / "storages" / s.storage_id)) {
      return Status(ErrorCode::kInvalidParameter,
                    fmt::format("\"{}\" holds no complete backup (storage '{}' is missing)", dir, s.storage_id));
    }
  }
  return manifest;
}

Status StageRestore(const std::string& dir, const std::string& job_id, const JobContext& ctx) {
  KALAM_ASSIGN_OR_RETURN(BackupManifest manifest, ReadBackup(dir));
  const fs::path staging = fs::path(ctx.data_path) / "restore";
  std::error_code ec;
  fs::remove_all(staging, ec);
  KALAM_RETURN_IF_ERROR(CopyTree(fs::path(dir) / "rocksdb", staging / "rocksdb", nullptr));
  for (const auto& s : manifest.storages) {
    if (s.copied) KALAM_RETURN_IF_ERROR(CopyTree(fs::path(dir) / "storages" / s.storage_id, staging / "storages" / s.storage_id, nullptr));
  }
  nlohmann::json marker = JsonOf(manifest);
  marker["restore_job_id"] = job_id;
  marker["from"] = dir;
  return WriteWhole(staging, "restore.json", marker.dump(2) + "\n");
}

Result<std::optional<AppliedRestore>> ApplyPendingRestore(const std::string& data_path) {
  const fs::path data(data_path);
  const fs::path staging = data / "restore";
  std::error_code ec;
  if (!fs::exists(staging / "restore.json")) {
    fs::remove_all(staging, ec);  // a staging that did not finish: nothing to apply
    return std::optional<AppliedRestore>();
  }
  // A marker that does not read (a crash as it was renamed into place, before its bytes reached the
  // disk) is a staging that did not finish: nothing was swapped yet, so the data stays as it was.
  auto doc = ReadJson(staging / "restore.json");
  auto manifest = doc.ok() ? ManifestOf(*doc, (staging / "restore.json").string()) : Result<BackupManifest>(doc.error());
  if (!manifest.ok()) {
    fs::remove_all(staging, ec);
    return std::optional<AppliedRestore>();
  }
  AppliedRestore applied{doc->value("restore_job_id", ""), doc->value("from", ""), *manifest};
  if (fs::exists(staging / "rocksdb")) KALAM_RETURN_IF_ERROR(MoveInto(staging / "rocksdb", data / "rocksdb"));
  for (const auto& s : manifest->storages) {
    const fs::path from = staging / "storages" / s.storage_id;
    if (!s.copied || !fs::exists(from)) continue;
    // The `local` storage is this server's {data_path}/storage, wherever the backup's was.
    const fs::path to = s.storage_id == "local" ? data / "storage" : fs::path(s.uri);
    KALAM_RETURN_IF_ERROR(MoveInto(from, to));
  }
  fs::remove(staging / "restore.json", ec);
  fs::remove_all(staging, ec);
  return std::optional<AppliedRestore>(std::move(applied));
}

}  // namespace kalam::jobs
