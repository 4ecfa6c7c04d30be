// The floor under "single-row INSERT, 1 connection, fsync'd" (bench/tables.sh): how long this
// machine's disk takes to make one small record durable, with no database, no HTTP and no thread
// hand-off — one write and the call that waits for the device, back to back from one thread.
//
//   fsync_floor <dir> <records> [record-bytes]
//
// Measured in four ways, each on a fresh file in <dir> (a directory on the disk the server uses):
//   append          write at the end of a new file + fdatasync (the file grows: ext4 journals the
//                   size with every record — how RocksDB writes a WAL it created itself)
//   zeros           write over a file whose blocks were written with zeros and synced before +
//                   fdatasync (no metadata to journal — KalamDB's prezeroed WAL, PostgreSQL's
//                   WAL segments)
//   zeros-dsync     the same, the file opened O_DSYNC (one write call per record)
//   zeros-direct    the same, O_DIRECT | O_DSYNC, each record padded to its 4 KiB block (bypasses
//                   the page cache: the least the device can do per record)
// Prints one JSON object per mode: p50/p99/min in ms over the records.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "fsync_floor: %s: %s\n", what.c_str(), std::strerror(errno));
  std::exit(1);
}

enum class Mode { kAppend, kZeros, kZerosDsync, kZerosDirect };

const char* NameOf(Mode mode) {
  switch (mode) {
    case Mode::kAppend:
      return "append";
    case Mode::kZeros:
      return "zeros";
    case Mode::kZerosDsync:
      return "zeros-dsync";
    case Mode::kZerosDirect:
      return "zeros-direct";
  }
  return "?";
}

constexpr size_t kBlock = 4096;

// Writes `bytes` of zeros to a new file and syncs it (data and size), as a prezeroed WAL is made.
void MakeZeroFile(const std::string& path, size_t bytes) {
  int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644);
  if (fd < 0) Fail("open " + path);
  std::vector<char> zeros(1 << 20, 0);
  for (size_t done = 0; done < bytes; done += zeros.size()) {
    if (::write(fd, zeros.data(), std::min(zeros.size(), bytes - done)) < 0) Fail("write zeros");
  }
  if (::fsync(fd) != 0) Fail("fsync");
  ::close(fd);
}

std::vector<double> Run(Mode mode, const std::string& dir, size_t records, size_t record_bytes) {
  const std::string path = dir + "/fsync_floor." + NameOf(mode);
  // Records in direct mode take a block each; the others are packed like WAL records.
  const size_t stride = mode == Mode::kZerosDirect ? kBlock : record_bytes;
  int flags = O_WRONLY;
  if (mode == Mode::kAppend) {
    flags |= O_CREAT | O_TRUNC;
  } else {
    MakeZeroFile(path, (records + 1) * stride);
    if (mode == Mode::kZerosDsync) flags |= O_DSYNC;
    if (mode == Mode::kZerosDirect) flags |= O_DIRECT | O_DSYNC;
  }
  int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) Fail("open " + path);
  void* raw = nullptr;
  if (::posix_memalign(&raw, kBlock, stride < kBlock ? kBlock : stride) != 0) Fail("posix_memalign");
  char* record = static_cast<char*>(raw);
  std::memset(record, 'r', stride);
  std::vector<double> ms;
  ms.reserve(records);
  for (size_t i = 0; i < records; ++i) {
    auto start = std::chrono::steady_clock::now();
    if (::pwrite(fd, record, stride, static_cast<off_t>(i * stride)) != static_cast<ssize_t>(stride)) {
      Fail("pwrite");
    }
    if ((mode == Mode::kAppend || mode == Mode::kZeros) && ::fdatasync(fd) != 0) Fail("fdatasync");
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  ::close(fd);
  std::free(raw);
  ::unlink(path.c_str());
  return ms;
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: fsync_floor <dir> <records> [record-bytes]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const size_t records = std::strtoul(argv[2], nullptr, 10);
  const size_t record_bytes = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 200;
  if (records == 0 || record_bytes == 0 || record_bytes > kBlock) {
    std::fprintf(stderr, "fsync_floor: records > 0 and 0 < record-bytes <= %zu\n", kBlock);
    return 2;
  }
  std::printf("{");
  bool first = true;
  for (Mode mode : {Mode::kAppend, Mode::kZeros, Mode::kZerosDsync, Mode::kZerosDirect}) {
    std::vector<double> ms = Run(mode, dir, records, record_bytes);
    std::printf("%s\"%s\":{\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"min_ms\":%.3f}", first ? "" : ",", NameOf(mode),
                Percentile(ms, 0.5), Percentile(ms, 0.99), Percentile(ms, 0.0));
    first = false;
  }
  std::printf("}\n");
  return 0;
}
