#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/strings.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class WriteBufferManager;
class Cache;
class Env;
}  // namespace rocksdb

namespace kalam::store {

class PrezeroedWalFileSystem;

struct StoreOptions {
  /// Directory of the RocksDB database ({data_path}/rocksdb).
  std::string path;
  int keep_log_file_num = 5;
  int64_t max_total_wal_size = 256LL << 20;
  int64_t write_buffer_size = 32LL << 20;
  /// Size of the spare WAL file of zeros new WAL files are written over (PrezeroedWalFileSystem);
  /// 0: WAL files are created empty and appended to.
  int64_t prezero_wal_bytes = 0;
};

/// One write of a batch: a put (value set), a delete (no value) or a range delete (range_end set)
/// in a column family.
struct WriteOp {
  std::string column_family;
  std::string key;
  std::optional<std::string> value;
  /// Set (with no value): deletes every key in [key, range_end) instead of one key.
  std::optional<std::string> range_end = std::nullopt;
};

/// A cursor over one column family, bounded to a key prefix. Not thread-safe.
class Cursor {
 public:
  virtual ~Cursor() = default;
  /// Positions at the first key ≥ prefix + `suffix`.
  virtual void Seek(std::string_view suffix) = 0;
  /// Positions at the last key with the prefix (for walking the keys backwards with Prev).
  virtual void SeekToLast() = 0;
  virtual bool Valid() const = 0;
  virtual void Next() = 0;
  virtual void Prev() = 0;
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
  /// The iterator's error after Valid() turned false.
  virtual Status status() const = 0;
};

/// A consistent point-in-time view of every column family: reads through it see exactly the
/// writes committed before it was taken. Released when the last reference goes, which must be
/// before the Store is destroyed.
class Snapshot {
 public:
  virtual ~Snapshot() = default;
};

/// The hot store: RocksDB with named column families. The only code that includes RocksDB.
/// Thread-safe. Errors from RocksDB are INTERNAL_ERROR with RocksDB's message.
class Store {
 public:
  /// Opens (creating if missing) the database and every column family it already has, plus
  /// the `system` family.
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  static constexpr std::string_view kSystemFamily = "system";

  /// Creates the family if it does not exist.
  Status EnsureColumnFamily(std::string_view name);
  /// Drops the family and its data; OK when it does not exist.
  Status DropColumnFamily(std::string_view name);
  bool HasColumnFamily(std::string_view name) const;
  std::vector<std::string> ColumnFamilies() const;

  /// A snapshot of the whole store now (for reads that must agree with each other).
  std::shared_ptr<const Snapshot> GetSnapshot() const;

  /// Reads one key (as of `snapshot` when given); nullopt when absent. An unknown family is
  /// INTERNAL_ERROR.
  Result<std::optional<std::string>> Get(std::string_view family, std::string_view key,
                                         const Snapshot* snapshot = nullptr) const;
  /// Reads many keys of one family at once (RocksDB's batched MultiGet: far cheaper per key than
  /// Get); results in the order of `keys`.
  Result<std::vector<std::optional<std::string>>> MultiGet(std::string_view family,
                                                           const std::vector<std::string_view>& keys) const;
  /// Applies the ops atomically. `sync` waits for the WAL to reach the disk.
  Status Write(const std::vector<WriteOp>& ops, bool sync);
  /// Applies several batches as one RocksDB write (one WAL record; one fsync with `sync`), each
  /// batch all or nothing; one status per batch. A batch that cannot be built (an unknown family)
  /// fails alone; a failed write fails every batch.
  std::vector<Status> WriteGroup(const std::vector<const std::vector<WriteOp>*>& batches, bool sync);
  Status Put(std::string_view family, std::string_view key, std::string_view value, bool sync);
  Status Delete(std::string_view family, std::string_view key, bool sync);

  /// Calls `fn(key, value)` for every key starting with `prefix`, in key order, until it
  /// returns false.
  Status ScanPrefix(std::string_view family, std::string_view prefix,
                    const std::function<bool(std::string_view, std::string_view)>& fn,
                    const Snapshot* snapshot = nullptr) const;

  /// A cursor over the keys of `family` that start with `prefix`, positioned at the first one;
  /// as of `snapshot` when given (which must outlive the cursor).
  Result<std::unique_ptr<Cursor>> NewCursor(std::string_view family, std::string prefix,
                                            const Snapshot* snapshot = nullptr) const;

  /// The first and the last key of `family` that start with `prefix` (without the prefix), as of
  /// `snapshot` when given; nullopt when there is none. Two seeks.
  Result<std::optional<std::pair<std::string, std::string>>> KeyRange(std::string_view family, std::string_view prefix,
                                                                       const Snapshot* snapshot = nullptr) const;

  /// The greatest key of `family` below `key`; nullopt when there is none. One seek.
  Result<std::optional<std::string>> LastKeyBefore(std::string_view family, std::string_view key) const;

  /// Writes puts and deletes of one family, keys strictly increasing, as one table file in
  /// `scratch_dir` and moves it into the database: far cheaper than a WriteBatch for bulk writes,
  /// durable on return, but not atomic with other writes.
  /// An entry: a put (value set) or a delete (no value).
  using IngestEntry = std::pair<std::string_view, std::optional<std::string_view>>;
  Status IngestSorted(std::string_view family, const std::vector<IngestEntry>& entries, const std::string& scratch_dir);

  /// Rewrites the family's files holding keys in [begin, end] so deleted keys stop costing reads
  /// (after a flush removed a key range). Blocks while it runs.
  Status CompactRange(std::string_view family, std::string_view begin, std::string_view end);

  /// Waits (up to `timeout_ms`) until RocksDB runs no memtable flush or compaction and has none
  /// pending: for benchmarks that must not measure the tail of an earlier bulk load.
  void WaitForBackgroundWork(int timeout_ms) const;

  /// Memory RocksDB holds, for system.stats.
  struct Memory {
    int64_t memtables = 0;      // every family's memtables (active and immutable)
    int64_t memtable_budget = 0;  // the write buffer manager's limit for them
    int64_t block_cache = 0;    // cached table-file blocks
    int64_t table_readers = 0;  // index and filter blocks of open table files outside the cache
    int64_t sst_bytes = 0;      // live table files on disk
    int64_t column_families = 0;
  };
  Memory MemoryUsage() const;

  /// RocksDB's estimate of the keys in the family (cheap; deletions are counted approximately).
  int64_t EstimateKeys(std::string_view family) const;

  /// Syncs the WAL to disk (shutdown).
  Status FlushWal();

  /// A consistent copy of the whole database as of now in `dir` (which must not exist): table
  /// files hard-linked where the file system allows, the WAL copied. Writes go on meanwhile.
  Status Checkpoint(const std::string& dir) const;

 private:
  Store() = default;
  Result<rocksdb::ColumnFamilyHandle*> Handle(std::string_view family) const;

  // Before db_: the database uses them until it is closed.
  std::shared_ptr<PrezeroedWalFileSystem> wal_fs_;
  std::unique_ptr<rocksdb::Env> env_;
  std::unique_ptr<rocksdb::DB> db_;
  std::shared_ptr<rocksdb::WriteBufferManager> write_buffers_;
  std::shared_ptr<rocksdb::Cache> block_cache_;
  StoreOptions options_;
  /// Shared by lookups (every request), exclusive to creating and dropping families.
  mutable std::shared_mutex mu_;
  /// Looked up by view, without building a std::string (every read and write resolves its family).
  std::unordered_map<std::string, rocksdb::ColumnFamilyHandle*, StringHash, std::equal_to<>> handles_;  // guarded by mu_
};

}  // namespace kalam::store
