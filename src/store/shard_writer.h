#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/snowflake.h"
#include "common/status.h"
#include "store/change_log.h"
#include "store/store.h"

namespace kalam::store {

/// How a row write treats the row already stored under its key.
enum class WriteKind : uint8_t {
  kInsert,     // fails the whole request (UNIQUE_VIOLATION) when a live row exists
  kUpdate,     // skipped when no live row exists (it was deleted meanwhile)
  kTombstone,  // skipped when no live row exists
};

/// One row version to write; `value` is an EncodeRow() whose _seq the writer fills in.
struct RowWrite {
  std::string family;
  std::string key;
  std::string value;
  WriteKind kind = WriteKind::kInsert;
  /// The version this write replaces as the caller read it (an update of a flushed row): the
  /// change feed's old row when the store holds no hot version of the key. May be empty.
  std::string old_value = {};
};

/// Receives every committed row write, on the writer thread, in commit order, after the batch is
/// durable and before the writers are told. Must be quick and must not write to the store.
class ChangeListener {
 public:
  virtual ~ChangeListener() = default;
  virtual void OnCommit(std::vector<Change>&& changes) = 0;
  /// False while nobody could use a change (no subscription): writers then skip building them.
  virtual bool Interested() const { return true; }
};

/// The change feed of a writer: where its change log lives and how long entries are kept.
struct ChangeFeedOptions {
  /// Column family of the change log; empty = no change log and no feed.
  std::string change_log;
  /// Entries older than this are trimmed (checked about once a minute).
  int64_t retention_ms = 3600 * 1000;
};

/// Serialises the writes of one shard: a queue drained by one thread that checks keys, assigns
/// _seq in commit order and commits everything queued as one WriteBatch (group commit).
class ShardWriter {
 public:
  ShardWriter(Store* store, SnowflakeGenerator* seqs, bool sync, size_t max_queue, ChangeFeedOptions feed = {});
  ~ShardWriter();
  ShardWriter(const ShardWriter&) = delete;
  ShardWriter& operator=(const ShardWriter&) = delete;

  void Start();
  /// Finishes queued requests, then stops the thread. Idempotent.
  void Stop();

  /// Writes the rows atomically (all or none) and returns each row's _seq, 0 for a skipped row.
  /// UNIQUE_VIOLATION for an insert over a live row (the message names the key's index in
  /// `rows`); INTERNAL_ERROR on a storage failure; SHUTTING_DOWN after Stop().
  Result<std::vector<int64_t>> Write(std::vector<RowWrite> rows);

  /// Runs `fn` on the writer thread between two commits, so no write of this shard interleaves
  /// with it (a flush deletes the hot versions it moved only if no newer one arrived).
  /// SHUTTING_DOWN after Stop().
  Status RunExclusive(std::function<Status()> fn);

  /// Set before Start(); null = nobody listens (the change log is still written).
  void SetListener(ChangeListener* listener) { listener_ = listener; }
  /// The _seq of the newest committed row write (0 before the first). On the writer thread (in
  /// RunExclusive) it is exactly what a snapshot taken there contains.
  int64_t last_seq() const { return last_seq_.load(std::memory_order_acquire); }
  /// Before Start(): the newest seq of the change log a previous run left (so a subscription made
  /// before this run's first write is ready at that seq, and resuming from it replays nothing it
  /// already has in its initial data).
  Status RecoverLastSeq();
  /// The change-log family ("" when the feed is off).
  const std::string& change_log() const { return feed_.change_log; }
  /// Entries older than this many milliseconds may be gone from the change log.
  int64_t change_retention_ms() const { return feed_.retention_ms; }

 private:
  struct Request {
    std::vector<RowWrite> rows;
    std::function<Status()> exclusive;  // set: run alone instead of writing rows
    std::promise<Result<std::vector<int64_t>>> done;
  };
  Result<std::vector<int64_t>> Enqueue(std::unique_ptr<Request> request);
  void Run();
  void CommitGroup(std::vector<std::unique_ptr<Request>>& group);
  /// A row's identity within a group: views into the group's RowWrites.
  struct RowId {
    std::string_view family;
    std::string_view key;
    bool operator==(const RowId&) const = default;
  };
  struct RowIdHash {
    size_t operator()(const RowId& id) const {
      return std::hash<std::string_view>()(id.key) * 31 + std::hash<std::string_view>()(id.family);
    }
  };
  /// Whether a key holds a live row (hot, or flushed and in the cold index), and its hot version
  /// (empty when it has none) for the change feed.
  struct KeyState {
    bool live = false;
    std::string current;
    int64_t cold_seq = 0;  // the flushed version's _seq when the key lives only in Parquet
  };
  using Liveness = std::unordered_map<RowId, KeyState, RowIdHash>;

  /// Fills `live` with whether the store holds a live row under each key of the group (one
  /// batched MultiGet per family).
  Status LoadLiveness(const std::vector<std::unique_ptr<Request>>& group, Liveness& live) const;
  /// Adds the change-log trim to this commit when one is due (about once a minute).
  void AddTrimOps(int64_t newest_seq, std::vector<WriteOp>& ops);

  Store* store_;
  SnowflakeGenerator* seqs_;
  bool sync_;
  size_t max_queue_;
  ChangeFeedOptions feed_;
  ChangeListener* listener_ = nullptr;
  std::atomic<int64_t> last_seq_{0};
  int64_t last_trim_ms_ = 0;  // writer thread only
  std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable space_;
  std::deque<std::unique_ptr<Request>> queue_;  // guarded by mu_
  bool stopping_ = false;                       // guarded by mu_
  std::thread thread_;
};

/// One writer per user shard plus one for SHARED tables.
class WriterPool {
 public:
  /// `change_retention_ms` > 0 turns on the change log and feed of every writer (creating the
  /// change-log families); 0 = off.
  WriterPool(Store* store, SnowflakeGenerator* seqs, int shards, bool sync, int64_t change_retention_ms = 0);
  /// Fails when a change-log family cannot be created.
  Status Init();
  /// Every writer reports its commits to `listener`; before Start().
  void SetListener(ChangeListener* listener);
  void Start();
  void Stop();
  ShardWriter& ForShard(int shard) { return *writers_[static_cast<size_t>(shard)]; }
  ShardWriter& Shared() { return *writers_.back(); }
  int shards() const { return static_cast<int>(writers_.size()) - 1; }
  /// True when every commit waits for the WAL to reach the disk ([storage] sync_writes).
  bool synced() const { return sync_; }

 private:
  std::vector<std::unique_ptr<ShardWriter>> writers_;
  Store* store_ = nullptr;
  bool sync_ = true;
};

}  // namespace kalam::store
