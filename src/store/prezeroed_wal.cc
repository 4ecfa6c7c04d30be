#include "store/prezeroed_wal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace kalam::store {

namespace {

rocksdb::IOStatus Errno(const std::string& what, const std::string& path) {
  return rocksdb::IOStatus::IOError(what + " " + path + ": " + std::strerror(errno));
}

/// Whether the file at `path` is `bytes` long and holds only zeros.
bool AllZeros(const std::string& path, uint64_t bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  bool zeros = ::fstat(fd, &st) == 0 && static_cast<uint64_t>(st.st_size) == bytes;
  std::vector<char> buf(1 << 20);
  for (uint64_t read = 0; zeros && read < bytes;) {
    const ssize_t n = ::pread(fd, buf.data(), buf.size(), static_cast<off_t>(read));
    if (n <= 0) {
      zeros = false;
      break;
    }
    zeros = std::all_of(buf.begin(), buf.begin() + n, [](char c) { return c == 0; });
    read += static_cast<uint64_t>(n);
  }
  ::close(fd);
  return zeros;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

PrezeroedWalFileSystem::PrezeroedWalFileSystem(const std::shared_ptr<rocksdb::FileSystem>& base, std::string dir,
                                               uint64_t bytes)
    : FileSystemWrapper(base), dir_(std::move(dir)), spare_(dir_ + "/WAL-SPARE"), bytes_(bytes) {}

PrezeroedWalFileSystem::~PrezeroedWalFileSystem() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PrezeroedWalFileSystem::Start() {
  ::unlink((spare_ + ".tmp").c_str());  // a spare left half made by a crash
  // A spare is trusted only if it is still all zeros: after a power failure, the rename that made
  // it a WAL can be lost while records written into it were not — and records past a WAL's own
  // would be replayed at the next recovery.
  // No spare (a full disk, say) only makes WALs the usual way: the thread tries again later.
  const bool ready = AllZeros(spare_, bytes_) || MakeSpare().ok();
  {
    std::lock_guard lock(mu_);
    spare_ready_ = ready;
  }
  thread_ = std::thread([this] { Run(); });
}

bool PrezeroedWalFileSystem::IsWal(const std::string& fname) const {
  return EndsWith(fname, ".log") && fname.size() > dir_.size() && fname.compare(0, dir_.size(), dir_) == 0 &&
         fname[dir_.size()] == '/' && fname.find('/', dir_.size() + 1) == std::string::npos;
}

rocksdb::IOStatus PrezeroedWalFileSystem::NewWritableFile(const std::string& fname,
                                                          const rocksdb::FileOptions& options,
                                                          std::unique_ptr<rocksdb::FSWritableFile>* result,
                                                          rocksdb::IODebugContext* dbg) {
  if (IsWal(fname)) {
    std::unique_lock lock(mu_);
    if (spare_ready_) {
      spare_ready_ = false;
      handing_out_ = true;  // the thread makes no new spare until the rename is done
      lock.unlock();
      // Opens the spare without truncating it and renames it to the WAL's name.
      rocksdb::IOStatus reused = target()->ReuseWritableFile(fname, spare_, options, result, dbg);
      lock.lock();
      handing_out_ = false;
      if (reused.ok()) {
        wake_.notify_all();
        return reused;
      }
      wake_.notify_all();  // make another; this WAL is created the usual way
    }
  }
  return target()->NewWritableFile(fname, options, result, dbg);
}

rocksdb::IOStatus PrezeroedWalFileSystem::MakeSpare() {
  const std::string tmp = spare_ + ".tmp";
  int fd = ::open(tmp.c_str(), O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("could not create", tmp);
  auto fail = [&](const char* what) {
    auto failed = Errno(what, tmp);
    if (fd >= 0) ::close(fd);
    ::unlink(tmp.c_str());
    return failed;
  };
  const std::vector<char> zeros(1 << 20, 0);
  for (uint64_t written = 0; written < bytes_;) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(zeros.size(), bytes_ - written));
    const ssize_t w = ::pwrite(fd, zeros.data(), n, static_cast<off_t>(written));
    if (w <= 0) return fail("could not write");
    written += static_cast<uint64_t>(w);
    // A few MB at a time: the disk never has a large burst of zeros to write ahead of a commit's fsync.
    if (written % (4 << 20) == 0 && ::fdatasync(fd) != 0) return fail("could not sync");
  }
  // Named a spare only once its zeros are on disk.
  if (::fdatasync(fd) != 0) return fail("could not sync");
  ::close(fd);
  fd = -1;
  if (::rename(tmp.c_str(), spare_.c_str()) != 0) return fail("could not rename");
  return rocksdb::IOStatus::OK();
}

void PrezeroedWalFileSystem::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || (!spare_ready_ && !handing_out_); });
    if (stopping_) return;
    lock.unlock();
    const bool made = MakeSpare().ok();
    lock.lock();
    if (made) {
      spare_ready_ = true;
    } else {
      // The disk is full or failing: WALs are created the usual way; try again in a while.
      wake_.wait_for(lock, std::chrono::seconds(10), [&] { return stopping_; });
      if (stopping_) return;
    }
  }
}

}  // namespace kalam::store
