#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include <fmt/format.h>

#include "objstore/object_store.h"
#include "objstore/s3_store.h"

namespace kalam::objstore {
namespace {

namespace fs = std::filesystem;

Status IoError(std::string_view what, const fs::path& path, const std::error_code& ec) {
  return Status(ErrorCode::kInternal, fmt::format("{} {}: {}", what, path.string(), ec.message()));
}

/// Writes a file's dirty pages back 1 MB at a time, each chunk finished before the next starts, so
/// a large file (a flush's Parquet file) never queues tens of MB at the disk at once: the WAL fsyncs
/// of concurrent INSERTs wait behind one chunk at most instead of the whole file. Best effort: the
/// fsync that follows is what makes the file durable.
void WriteBackInChunks(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
  constexpr off_t kChunk = 1 << 20;
  for (off_t offset = 0; offset < st.st_size; offset += kChunk) {
    if (::sync_file_range(fd, offset, kChunk,
                          SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER) != 0) {
      return;
    }
  }
}

/// fsync of a file or directory.
Status SyncFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status(ErrorCode::kInternal, fmt::format("could not open {}: {}", path, std::strerror(errno)));
  WriteBackInChunks(fd);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return Status(ErrorCode::kInternal, fmt::format("could not sync {}: {}", path, std::strerror(err)));
  return Status::OK();
}

class FilesystemStore final : public ObjectStore {
 public:
  explicit FilesystemStore(std::string root) : root_(std::move(root)) {}

  Status Put(std::string_view path, std::string_view bytes) override {
    KALAM_RETURN_IF_ERROR(CheckRelativePath(path));
    fs::path target = root_ / fs::path(path);
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return IoError("could not create", target.parent_path(), ec);
    fs::path temp = target;
    temp += fmt::format(".tmp-{}", std::random_device()());
    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      out.flush();
      if (!out) return Status(ErrorCode::kInternal, fmt::format("could not write {}", temp.string()));
    }
    fs::rename(temp, target, ec);  // atomic within one file system
    if (ec) {
      fs::remove(temp, ec);
      return IoError("could not rename onto", target, ec);
    }
    return Status::OK();
  }

  Status PutFile(std::string_view path, const std::string& local_file) override {
    KALAM_RETURN_IF_ERROR(CheckRelativePath(path));
    fs::path target = root_ / fs::path(path);
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return IoError("could not create", target.parent_path(), ec);
    KALAM_RETURN_IF_ERROR(SyncFile(local_file));
    fs::rename(local_file, target, ec);  // same file system: a move
    if (ec) {
      fs::path temp = target;
      temp += fmt::format(".tmp-{}", std::random_device()());
      fs::copy_file(local_file, temp, fs::copy_options::overwrite_existing, ec);
      if (ec) return IoError("could not copy onto", temp, ec);
      KALAM_RETURN_IF_ERROR(SyncFile(temp.string()));
      fs::rename(temp, target, ec);
      if (ec) return IoError("could not rename onto", target, ec);
      fs::remove(local_file, ec);
    }
    return SyncFile(target.parent_path().string());  // the directory entry
  }

  std::optional<std::string> LocalPath(std::string_view path) const override {
    if (!CheckRelativePath(path).ok()) return std::nullopt;
    return fs::absolute(root_ / fs::path(path)).lexically_normal().string();
  }

  Result<std::string> Get(std::string_view path) const override {
    KALAM_RETURN_IF_ERROR(CheckRelativePath(path));
    fs::path target = root_ / fs::path(path);
    std::ifstream in(target, std::ios::binary);
    if (!in) return Status(ErrorCode::kInvalidParameter, fmt::format("no such object: {}", path));
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  Result<std::vector<std::string>> List(std::string_view prefix) const override {
    KALAM_RETURN_IF_ERROR(CheckRelativePath(prefix));
    fs::path dir = root_ / fs::path(prefix);
    std::vector<std::string> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (it->is_regular_file()) out.push_back(fs::relative(it->path(), root_).generic_string());
    }
    if (ec) return IoError("could not list", dir, ec);
    std::sort(out.begin(), out.end());
    return out;
  }

  Status EnsureDirectory(std::string_view path) override {
    KALAM_RETURN_IF_ERROR(CheckRelativePath(path));
    std::error_code ec;
    fs::create_directories(root_ / fs::path(path), ec);
    if (ec) return IoError("could not create", root_ / fs::path(path), ec);
    return Status::OK();
  }

  Status Delete(std::string_view path) override {
    KALAM_RETURN_IF_ERROR(CheckRelativePath(path));
    std::error_code ec;
    fs::remove(root_ / fs::path(path), ec);
    if (ec) return IoError("could not delete", root_ / fs::path(path), ec);
    return Status::OK();
  }

  Status DeleteTree(std::string_view prefix) override {
    KALAM_RETURN_IF_ERROR(CheckRelativePath(prefix));
    fs::path dir = root_ / fs::path(prefix);
    std::error_code ec;
    fs::remove_all(dir, ec);  // a path that never existed is fine
    if (ec) return IoError("could not delete", dir, ec);
    // Parent directories left empty by this table (e.g. {namespace}/shared) go too, up to the root.
    for (fs::path parent = dir.parent_path(); parent != root_ && parent.has_relative_path();
         parent = parent.parent_path()) {
      if (!fs::is_directory(parent, ec) || !fs::is_empty(parent, ec)) break;
      fs::remove(parent, ec);
    }
    return Status::OK();
  }

 private:
  fs::path root_;
};

}  // namespace

Status ObjectStore::PutFile(std::string_view path, const std::string& local_file) {
  std::ifstream in(local_file, std::ios::binary);
  if (!in) return Status(ErrorCode::kInternal, fmt::format("could not read {}", local_file));
  std::string bytes(std::istreambuf_iterator<char>(in), {});
  KALAM_RETURN_IF_ERROR(Put(path, bytes));
  std::error_code ec;
  fs::remove(local_file, ec);
  return Status::OK();
}

std::optional<std::string> ObjectStore::LocalPath(std::string_view) const { return std::nullopt; }

std::unique_ptr<ObjectStore> OpenFilesystem(std::string root) {
  return std::make_unique<FilesystemStore>(std::move(root));
}

Status CheckRelativePath(std::string_view path) {
  if (path.empty() || path.front() == '/') {
    return Status(ErrorCode::kInvalidParameter, fmt::format("invalid object path \"{}\"", path));
  }
  size_t start = 0;
  std::string_view trimmed = path.back() == '/' ? path.substr(0, path.size() - 1) : path;
  for (size_t i = 0; i <= trimmed.size(); ++i) {
    if (i < trimmed.size() && trimmed[i] != '/') continue;
    std::string_view segment = trimmed.substr(start, i - start);
    if (segment.empty() || segment == "." || segment == "..") {
      return Status(ErrorCode::kInvalidParameter, fmt::format("invalid object path \"{}\"", path));
    }
    start = i + 1;
  }
  return Status::OK();
}

Result<std::unique_ptr<ObjectStore>> Open(const catalog::StorageRecord& storage) {
  switch (storage.type) {
    case StorageType::kFilesystem:
      return OpenFilesystem(storage.uri);
    case StorageType::kS3: {
      KALAM_ASSIGN_OR_RETURN(S3Location where, ParseS3Location(storage.uri, storage.credentials));
      return OpenS3(std::move(where));
    }
  }
  return Status(ErrorCode::kInternal, "unknown storage type");
}

}  // namespace kalam::objstore
