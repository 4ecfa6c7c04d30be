#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/snowflake.h"
#include "common/status.h"
#include "common/strings.h"
#include "store/change_log.h"
#include "store/commit_queue.h"
#include "store/store.h"

namespace kalam::store {

/// How a row write treats the row already stored under its key.
enum class WriteKind : uint8_t {
  kInsert,          // fails the whole request (UNIQUE_VIOLATION) when a live row exists
  kUpdate,          // skipped when no live row exists (it was deleted meanwhile)
  kTombstone,       // skipped when no live row exists
  kInsertIfAbsent,  // skipped when a live row exists (INSERT … ON CONFLICT DO NOTHING)
  /// Fails the whole request (SERIALIZATION_FAILURE) when no live row exists: an upsert's update
  /// of a row that was deleted after the statement read it (the statement reads again).
  kUpdateExisting,
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

/// Receives every committed row write, on the thread that committed it (one at a time per shard),
/// in commit order, after the batch is durable and before the writers are told. Must be quick and
/// must not write to the store.
class ChangeListener {
 public:
  virtual ~ChangeListener() = default;
  virtual void OnCommit(std::vector<Change>&& changes) = 0;
  /// False while nobody could use a change (no subscription): writers then skip building them.
  virtual bool Interested() const { return true; }
  /// Whether a subscription (registered, not yet ended) reads the partition of the row family
  /// ("" = any partition of it). A watch nobody holds for longer than the change-log retention
  /// is dropped (see ShardWriter::Watch). Called by a writer's leader about once a minute.
  virtual bool Holds(std::string_view family, std::string_view partition) const {
    (void)family;
    (void)partition;
    return true;
  }
};

/// The change feed of a writer: where its change log lives and how long entries are kept.
struct ChangeFeedOptions {
  /// Column family of the change log; empty = no change log and no feed.
  std::string change_log;
  /// Entries older than this are trimmed (checked about once a minute).
  int64_t retention_ms = 3600 * 1000;
};

/// Serialises the writes of one shard: a queue whose requests are prepared one group at a time —
/// keys checked, _seq assigned in commit order, everything queued turned into one batch — and
/// handed to the CommitQueue, which writes the batches of every shard submitted meanwhile as one
/// RocksDB write (group commit; one fsync). There is no writer thread: the caller whose request
/// heads the queue prepares the group itself (the leader), submits it, passes the lead to the next
/// request's caller and then waits for the write. So the next group of the shard is prepared
/// while this one is being made durable; a group that writes a key still in flight waits for that
/// write first (its checks read the store). Writes become visible only once durable.
/// A group's requests get their results when its write finishes, from the thread that wrote it
/// (Complete, run by the batch's `done`). WriteAsync requests have no waiting caller: whoever holds
/// the lead when one heads the queue prepares its group too, without blocking (a group whose keys
/// are in flight, or a lead that has prepared a few groups, waits for the next Complete, which
/// goes on with it).
class ShardWriter {
 public:
  /// A change-log block at or above this size is written and the group's next changes start another.
  static constexpr size_t kMaxChangeBlockBytes = 256 * 1024;
  /// `commits` writes the prepared groups (shared by the writers of one store); null = a queue of
  /// this writer's own with `sync`.
  ShardWriter(Store* store, SnowflakeGenerator* seqs, bool sync, size_t max_queue, ChangeFeedOptions feed = {},
              CommitQueue* commits = nullptr);
  ~ShardWriter();
  ShardWriter(const ShardWriter&) = delete;
  ShardWriter& operator=(const ShardWriter&) = delete;

  /// Opens the writer: requests made before wait for it.
  void Start();
  /// Finishes queued requests and refuses new ones (SHUTTING_DOWN). Idempotent.
  void Stop();

  /// Writes the rows atomically (all or none) and returns each row's _seq, 0 for a skipped row.
  /// UNIQUE_VIOLATION for an insert over a live row (the message names the key's index in
  /// `rows`); INTERNAL_ERROR on a storage failure; SHUTTING_DOWN after Stop().
  Result<std::vector<int64_t>> Write(std::vector<RowWrite> rows);
  using Callback = std::function<void(Result<std::vector<int64_t>>)>;
  /// Write() without waiting: queues the rows and returns (waiting only while the queue is
  /// full); `done` is called once with what Write() would have returned — on the thread that
  /// finished the write (the commit queue's committer, usually), or on this one when the rows fail
  /// before they are written. When nobody leads, this thread prepares the group (key checks,
  /// seqs) but never waits for a write. `done` must be quick: hand the result on.
  void WriteAsync(std::vector<RowWrite> rows, Callback done);

  /// Runs `fn` alone between two commits, once every earlier write of the shard is committed, so
  /// no write of this shard interleaves with it (a flush deletes the hot versions it moved only if no newer one arrived).
  /// SHUTTING_DOWN after Stop().
  Status RunExclusive(std::function<Status()> fn);

  /// Set before Start(); null = nobody listens (the change log is still written).
  void SetListener(ChangeListener* listener) { listener_ = listener; }
  /// The _seq of the newest committed row write (0 before the first). Inside RunExclusive it is
  /// exactly what a snapshot taken there contains.
  int64_t last_seq() const { return last_seq_.load(std::memory_order_acquire); }
  /// Before Start(): the families a previous run watched, and the newest seq of the change log it
  /// left (so a subscription made before this run's first write is ready at that seq, and
  /// resuming from it replays nothing it already has in its initial data).
  Status RecoverLastSeq();
  /// Starts logging the changes of one partition of the row family `family` (a subscription is
  /// about to take its snapshot of it): `partition` "" = the whole family (a SHARED table), else
  /// the rows of one user (keys `partition \0 …`, a USER or STREAM table), so writes of users
  /// nobody subscribes for stay unlogged. Nothing to do when it is watched already. Only inside
  /// RunExclusive (else INTERNAL_ERROR), so every later commit of the shard logs it. Returns the
  /// seq after which every change of the partition is in the log. The first watch is recorded in
  /// the change log (synced) before it returns, so it outlasts a restart or a crash.
  /// A watch ends once no subscription has held it (ChangeListener::Holds, asked at the trims) for
  /// longer than the retention: every cursor handed out under it is past the retention by then,
  /// and a later Watch starts a new log after the shard's last commit, so an old cursor is refused
  /// rather than resumed with a gap. (Without a listener nothing holds a watch.)
  /// FEATURE_NOT_SUPPORTED when the writer has no change log.
  Result<int64_t> Watch(std::string_view family, std::string_view partition = {});
  /// Stops logging the families for which `dropped` is true (their table was dropped), every
  /// partition of them, and forgets their watch keys. Only inside RunExclusive.
  Status Unwatch(const std::function<bool(std::string_view)>& dropped);
  /// Whether the changes of the partition ("" = the whole family) are logged (for tests and
  /// metrics; racy outside RunExclusive).
  bool watched(std::string_view family, std::string_view partition = {}) const;
  /// The change-log family ("" when the feed is off).
  const std::string& change_log() const { return feed_.change_log; }
  /// Requests waiting for their commit (not counting a group being committed).
  size_t queued() const {
    std::lock_guard lock(mu_);
    return queue_.size();
  }
  /// Requests prepared and submitted whose write has not finished (for tests: counted once the
  /// commit queue holds them, so it may be briefly off while one is submitted).
  int in_flight() const { return submitted_.load(std::memory_order_relaxed); }
  /// Entries older than this many milliseconds may be gone from the change log.
  int64_t change_retention_ms() const { return feed_.retention_ms; }

 private:
  /// Lives on its caller's stack until its result is in.
  struct Request {
    std::vector<RowWrite> rows;
    std::function<Status()> exclusive;  // set: run alone instead of writing rows
    std::optional<Result<std::vector<int64_t>>> result;  // guarded by mu_ once queued
    bool lead = false;                                   // guarded by mu_: its caller commits next
    std::condition_variable wake;                        // result set, or lead passed
    std::atomic<bool> signaled{false};                   // result set, or lead passed (for spinning)
    /// Set (WriteAsync): nobody waits, the request is on the heap and gets its result through it.
    Callback callback;
  };
  /// Queues the request and returns its result, preparing a group on this thread when the
  /// request reaches the head of the queue while nobody else leads.
  Result<std::vector<int64_t>> Enqueue(Request& request);
  /// The exclusive request alone, once nothing of the shard is in flight.
  Result<std::vector<int64_t>> RunTurn(Request& request, std::unique_lock<std::mutex>& lock);
  /// Passes the lead on (under mu_): to the caller waiting at the head of the queue; through the
  /// groups of WriteAsync requests at the head, led by this thread without blocking (after
  /// kMaxGroupsPerLead groups, or at a group whose keys are in flight, the lead waits for the next
  /// write's Complete, which goes on); or, with the queue empty, nobody leads.
  void HandOnLead(std::unique_lock<std::mutex>& lock);
  static constexpr int kMaxGroupsPerLead = 4;
  /// A row group made ready to write, and what each of its requests gets once it is written.
  struct Prepared {
    CommitQueue::Batch batch;
    std::vector<Change> changes;  // for the listener, only while someone subscribes
    std::vector<std::optional<std::vector<int64_t>>> seqs;  // per request; nullopt = failed
    std::vector<Status> errors;                              // per request
    int64_t newest = 0;
  };
  /// Requests taken from the queue to be written together.
  struct Group {
    std::vector<Request*> requests;
    std::vector<uint64_t> hashes;  // KeyHashes(requests)
    Prepared prepared;
    Status ready;  // Prepare's status
    bool submitted = false;  // to the commit queue
  };
  /// Takes the queue's requests up to the next exclusive one (under mu_).
  std::unique_ptr<Group> TakeGroup();
  /// Whether the group writes a key of a write in flight (under mu_).
  bool Overlaps(const Group& group) const;
  /// Counts the group in flight, prepares it (mu_ released meanwhile) and submits it to the
  /// commit queue; its requests get their results in Complete, when it is written. Returns the
  /// group when its caller must await it (not detached, and submitted); mu_ held again on return.
  std::unique_ptr<Group> PrepareAndSubmit(std::unique_ptr<Group> group, std::unique_lock<std::mutex>& lock,
                                          bool detached);
  /// The group is written (or failed, or had nothing to write): its requests get their results,
  /// and a lead waiting for it goes on. Called without mu_.
  void Complete(Group& group, const Status& written);
  /// Checks the group's keys, assigns its seqs and builds its ops.
  Status Prepare(std::vector<Request*>& group, Prepared& out);
  /// One result per request once the batch was written with status `written`.
  static std::vector<Result<std::vector<int64_t>>> Results(Prepared& prepared, const Status& written);
  /// Hashes of the (family, key) pairs of a row group (a key written twice appears twice).
  static std::vector<uint64_t> KeyHashes(const std::vector<Request*>& group);
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
  Status LoadLiveness(const std::vector<Request*>& group, Liveness& live) const;
  /// Writes the block as one change-log entry (keyed by its newest seq) and empties it.
  void AddChangeBlock(ChangeBlockBuilder& block, std::vector<WriteOp>& ops) const;
  /// Adds the change-log trim to this commit when one is due (about once a minute), and the
  /// removal of the watches nobody held for longer than the retention.
  void AddTrimOps(int64_t newest_seq, std::vector<WriteOp>& ops);
  /// Part of AddTrimOps: ends the watches unheld since before `now_ms - retention`.
  void EndUnheldWatches(int64_t now_ms, std::vector<WriteOp>& ops);

  /// One watched partition (or whole family).
  struct WatchState {
    int64_t since = 0;  // every change after this seq is logged
    /// When a trim's check first found no subscription holding it (after its last Watch).
    std::optional<int64_t> unheld_since_ms;
  };
  /// Looked up by a RowWrite's partition without a copy.
  using WatchByPartition = std::unordered_map<std::string, WatchState, StringHash, std::equal_to<>>;
  /// What of a family is logged.
  struct FamilyWatch {
    std::optional<WatchState> whole;  // every row of the family
    WatchByPartition partitions;      // the rows of these users
    /// Whether the change of `key` is logged.
    bool Logs(std::string_view key) const;
    /// The watch of `partition` ("" = whole family), or null.
    WatchState* Find(std::string_view partition);
    /// Records the watch of `partition` ("" = whole family) with its seq.
    void Set(std::string_view partition, int64_t since);
  };
  using WatchedFamilies = std::unordered_map<std::string, FamilyWatch, StringHash, std::equal_to<>>;
  /// The family's watch, or null when nothing of it is logged.
  const FamilyWatch* WatchOf(std::string_view family) const {
    auto it = watched_.find(family);
    return it == watched_.end() ? nullptr : &it->second;
  }

  Store* store_;
  SnowflakeGenerator* seqs_;
  std::unique_ptr<CommitQueue> own_commits_;
  CommitQueue* commits_;
  size_t max_queue_;
  ChangeFeedOptions feed_;
  ChangeListener* listener_ = nullptr;
  std::atomic<int64_t> last_seq_{0};
  int64_t last_trim_ms_ = 0;  // the leader's only
  /// Families (or their partitions) whose changes are logged. Read by the leader, changed
  /// only in an exclusive turn (the lead's hand-over through mu_ orders the two).
  WatchedFamilies watched_;
  /// The thread running an exclusive turn (none outside one): Watch and Unwatch check it.
  std::atomic<std::thread::id> turn_thread_{};
  bool InTurn() const { return turn_thread_.load(std::memory_order_relaxed) == std::this_thread::get_id(); }
  mutable std::mutex mu_;
  std::condition_variable space_;  // the queue has room
  std::condition_variable idle_;   // nobody leads and nothing is in flight (Stop waits for it)
  std::condition_variable drained_;  // nothing in flight
  std::deque<Request*> queue_;     // guarded by mu_
  /// Requests taken into a group (being prepared, or submitted) and not yet written; the hashes of
  /// the keys they write.
  int inflight_ = 0;                            // guarded by mu_
  int completing_ = 0;                          // Complete() calls under way; guarded by mu_
  std::atomic<int> submitted_{0};               // of those, submitted to the commit queue
  std::unordered_set<uint64_t> inflight_keys_;  // guarded by mu_
  /// Someone commits (or, before Start(), nobody may): a new request waits for the lead.
  bool leading_ = true;    // guarded by mu_
  /// The lead waits for a write in flight to finish (HandOnLead); parked_: the group it took.
  bool lead_waits_ = false;         // guarded by mu_
  std::unique_ptr<Group> parked_;   // guarded by mu_
  bool started_ = false;   // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
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
  /// Every writer stops logging the families for which `dropped` is true (ShardWriter::Unwatch).
  Status Unwatch(const std::function<bool(std::string_view)>& dropped);
  void Start();
  void Stop();
  ShardWriter& ForShard(int shard) { return *writers_[static_cast<size_t>(shard)]; }
  ShardWriter& Shared() { return *writers_.back(); }
  int shards() const { return static_cast<int>(writers_.size()) - 1; }
  /// True when every commit waits for the WAL to reach the disk ([storage] sync_writes).
  bool synced() const { return sync_; }
  /// Whether a write submitted now would most likely be committed at once and soon
  /// (CommitQueue::WritesNowQuickly).
  bool CommitsNowQuickly() const { return commits_->WritesNowQuickly(); }

 private:
  std::unique_ptr<CommitQueue> commits_;
  std::vector<std::unique_ptr<ShardWriter>> writers_;
  Store* store_ = nullptr;
  bool sync_ = true;
};

}  // namespace kalam::store
