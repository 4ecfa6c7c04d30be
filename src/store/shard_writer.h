#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/snowflake.h"
#include "common/status.h"
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
};

/// Serialises the writes of one shard: a queue drained by one thread that checks keys, assigns
/// _seq in commit order and commits everything queued as one WriteBatch (group commit).
class ShardWriter {
 public:
  ShardWriter(Store* store, SnowflakeGenerator* seqs, bool sync, size_t max_queue);
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
  /// Whether each key holds a live row (hot, or flushed and in the cold index).
  using Liveness = std::unordered_map<RowId, bool, RowIdHash>;

  /// Fills `live` with whether the store holds a live row under each key of the group (one
  /// batched MultiGet per family).
  Status LoadLiveness(const std::vector<std::unique_ptr<Request>>& group, Liveness& live) const;

  Store* store_;
  SnowflakeGenerator* seqs_;
  bool sync_;
  size_t max_queue_;
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
  WriterPool(Store* store, SnowflakeGenerator* seqs, int shards, bool sync);
  void Start();
  void Stop();
  ShardWriter& ForShard(int shard) { return *writers_[static_cast<size_t>(shard)]; }
  ShardWriter& Shared() { return *writers_.back(); }
  int shards() const { return static_cast<int>(writers_.size()) - 1; }
  /// True when every commit waits for the WAL to reach the disk ([storage] sync_writes).
  bool synced() const { return sync_; }

 private:
  std::vector<std::unique_ptr<ShardWriter>> writers_;
  bool sync_ = true;
};

}  // namespace kalam::store
