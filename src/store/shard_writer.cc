#include "store/shard_writer.h"

#include <algorithm>
#include <exception>
#include <unordered_map>

#include <fmt/format.h>

#include "store/cold_index.h"
#include "store/row_codec.h"
#include "store/spin_wait.h"

namespace kalam::store {
namespace {

/// What the change feed calls a written row of this kind.
ChangeKind ChangeKindOf(WriteKind kind) {
  switch (kind) {
    case WriteKind::kInsert:
    case WriteKind::kInsertIfAbsent:
      return ChangeKind::kInsert;
    case WriteKind::kUpdate:
    case WriteKind::kUpdateExisting:
      return ChangeKind::kUpdate;
    case WriteKind::kTombstone:
      break;
  }
  return ChangeKind::kDelete;
}

}  // namespace

ShardWriter::ShardWriter(Store* store, SnowflakeGenerator* seqs, bool sync, size_t max_queue, ChangeFeedOptions feed,
                         CommitQueue* commits)
    : store_(store),
      seqs_(seqs),
      own_commits_(commits == nullptr ? std::make_unique<CommitQueue>(store, sync) : nullptr),
      commits_(commits == nullptr ? own_commits_.get() : commits),
      max_queue_(max_queue),
      feed_(std::move(feed)) {}

ShardWriter::~ShardWriter() { Stop(); }

void ShardWriter::Start() {
  std::unique_lock lock(mu_);
  if (started_) return;
  started_ = true;
  // Requests made before: the first one's caller leads (or this thread, for a WriteAsync).
  HandOnLead(lock);
}

void ShardWriter::Stop() {
  std::unique_lock lock(mu_);
  stopping_ = true;
  space_.notify_all();
  if (!started_) {
    // Nobody will ever commit what waits: tell its callers.
    std::deque<Request*> waiting;
    waiting.swap(queue_);
    std::vector<std::unique_ptr<Request>> detached;
    for (Request* r : waiting) {
      if (r->callback) {
        detached.emplace_back(r);
      } else {
        r->result = Status(ErrorCode::kShuttingDown, "the server is shutting down");
        Signal(*r);
      }
    }
    lock.unlock();
    for (auto& r : detached) r->callback(Status(ErrorCode::kShuttingDown, "the server is shutting down"));
    return;
  }
  // Also until no Complete() runs: one running on the commit thread after its callers were
  // answered still reads this writer (a heap-use-after-free ASan caught when a test destroyed its
  // pool right after the answers).
  idle_.wait(lock, [&] { return !leading_ && queue_.empty() && inflight_ == 0 && completing_ == 0; });
}

Result<std::vector<int64_t>> ShardWriter::Write(std::vector<RowWrite> rows) {
  Request request;
  request.rows = std::move(rows);
  return Enqueue(request);
}

void ShardWriter::WriteAsync(std::vector<RowWrite> rows, Callback done) {
  auto request = std::make_unique<Request>();
  request->rows = std::move(rows);
  request->callback = std::move(done);
  std::unique_lock lock(mu_);
  space_.wait(lock, [&] { return stopping_ || queue_.size() < max_queue_; });
  if (stopping_) {
    lock.unlock();
    request->callback(Status(ErrorCode::kShuttingDown, "the server is shutting down"));
    return;
  }
  queue_.push_back(request.release());
  if (leading_) return;  // the leader takes it into a group, or its successor does
  leading_ = true;
  HandOnLead(lock);
}

Status ShardWriter::RunExclusive(std::function<Status()> fn) {
  Request request;
  request.exclusive = std::move(fn);
  auto done = Enqueue(request);
  return done.ok() ? Status::OK() : done.error();
}

Result<std::vector<int64_t>> ShardWriter::Enqueue(Request& request) {
  std::unique_lock lock(mu_);
  // Bounded queue: writers wait (back-pressure) rather than grow memory without limit.
  space_.wait(lock, [&] { return stopping_ || queue_.size() < max_queue_; });
  if (stopping_) return Status(ErrorCode::kShuttingDown, "the server is shutting down");
  queue_.push_back(&request);
  if (leading_) {
    // Unsynced, the lead's commit is short: spin through it rather than sleep.
    SpinFor(request.signaled, lock, commits_->synced() ? std::chrono::microseconds(0) : kUnsyncedCommitSpin);
    request.wake.wait(lock, [&] { return request.result.has_value() || request.lead; });
    if (request.result) return std::move(*request.result);
  }
  // This thread leads: its request heads the queue (a new leader's request is alone in it, a
  // passed lead goes to the head), so the group it takes includes it.
  leading_ = true;
  if (queue_.front()->exclusive) return RunTurn(request, lock);
  std::unique_ptr<Group> group = TakeGroup();
  // Its checks read the store: a key still in flight must be written first.
  if (inflight_ > 0 && Overlaps(*group)) drained_.wait(lock, [&] { return inflight_ == 0; });
  std::unique_ptr<Group> own = PrepareAndSubmit(std::move(group), lock, /*detached=*/false);
  HandOnLead(lock);  // the shard's next group is prepared while this one is written
  lock.unlock();
  // The group's requests get their results when it is written (Complete, from its `done`).
  // (Await's status is the one Complete was given.)
  if (own) (void)commits_->Await(own->prepared.batch);
  lock.lock();
  return std::move(*request.result);
}

Result<std::vector<int64_t>> ShardWriter::RunTurn(Request& request, std::unique_lock<std::mutex>& lock) {
  queue_.pop_front();
  space_.notify_all();
  // Every earlier write of the shard is committed (and published) before the turn runs.
  drained_.wait(lock, [&] { return inflight_ == 0; });
  lock.unlock();
  Status s;
  turn_thread_.store(std::this_thread::get_id(), std::memory_order_relaxed);
  try {
    s = request.exclusive();
  } catch (const std::exception& e) {
    s = Status(ErrorCode::kInternal, std::string("write failed: ") + e.what());
  }
  turn_thread_.store(std::thread::id(), std::memory_order_relaxed);
  lock.lock();
  HandOnLead(lock);
  if (!s.ok()) return s;
  return std::vector<int64_t>{};
}

std::unique_ptr<ShardWriter::Group> ShardWriter::TakeGroup() {
  auto group = std::make_unique<Group>();
  // A group of row writes up to the next exclusive request.
  while (!queue_.empty() && !queue_.front()->exclusive) {
    group->requests.push_back(queue_.front());
    queue_.pop_front();
  }
  space_.notify_all();
  group->hashes = KeyHashes(group->requests);
  return group;
}

bool ShardWriter::Overlaps(const Group& group) const {
  for (uint64_t h : group.hashes) {
    if (inflight_keys_.count(h) != 0) return true;
  }
  return false;
}

std::unique_ptr<ShardWriter::Group> ShardWriter::PrepareAndSubmit(std::unique_ptr<Group> group,
                                                                 std::unique_lock<std::mutex>& lock, bool detached) {
  inflight_keys_.insert(group->hashes.begin(), group->hashes.end());
  inflight_ += static_cast<int>(group->requests.size());
  lock.unlock();
  try {
    group->ready = Prepare(group->requests, group->prepared);
  } catch (const std::exception& e) {
    // The lead must pass on whatever happens, or every later write of the shard would wait forever.
    group->ready = Status(ErrorCode::kInternal, std::string("write failed: ") + e.what());
  }
  if (!group->ready.ok() || group->prepared.batch.ops.empty()) {
    Complete(*group, Status::OK());
    lock.lock();
    return nullptr;
  }
  Group* g = group.get();
  g->submitted = true;
  const int requests = static_cast<int>(g->requests.size());
  // In commit order: the listener hears of the batches of a shard in the order of their seqs.
  g->prepared.batch.done = [this, g, detached](const Status& written) {
    if (written.ok() && g->prepared.newest != 0) {
      last_seq_.store(g->prepared.newest, std::memory_order_release);
      if (listener_ != nullptr && !g->prepared.changes.empty()) listener_->OnCommit(std::move(g->prepared.changes));
    }
    Complete(*g, written);
    if (detached) delete g;  // the queue no longer touches a detached batch
  };
  if (detached) {
    group.release();
    commits_->SubmitDetached(g->prepared.batch);  // `g` may be gone once this returns
  } else {
    commits_->Submit(g->prepared.batch);
  }
  // Counted once in the queue (Complete may have uncounted it already: the sum is what matters).
  submitted_.fetch_add(requests, std::memory_order_relaxed);
  lock.lock();
  return group;  // null when detached
}

void ShardWriter::Complete(Group& group, const Status& written) {
  std::vector<Result<std::vector<int64_t>>> results;
  if (group.ready.ok()) {
    results = Results(group.prepared, written);
  } else {
    results.assign(group.requests.size(), group.ready);
  }
  std::vector<std::pair<std::unique_ptr<Request>, Result<std::vector<int64_t>>>> detached;
  if (group.submitted) submitted_.fetch_sub(static_cast<int>(group.requests.size()), std::memory_order_relaxed);
  std::unique_lock lock(mu_);
  ++completing_;  // Stop() waits for this to end: `this` is read again below
  for (uint64_t h : group.hashes) inflight_keys_.erase(h);
  inflight_ -= static_cast<int>(group.requests.size());
  if (inflight_ == 0) {
    drained_.notify_all();
    idle_.notify_all();
  }
  // Each caller returns as soon as it sees its result: touch no request after unlocking. A
  // leader's own request is signaled too: harmless, it is not waiting on it.
  for (size_t i = 0; i < group.requests.size(); ++i) {
    Request* r = group.requests[i];
    if (r->callback) {
      detached.emplace_back(std::unique_ptr<Request>(r), std::move(results[i]));
    } else {
      r->result = std::move(results[i]);
      Signal(*r);
    }
  }
  lock.unlock();
  for (auto& [request, result] : detached) request->callback(std::move(result));
  // A lead that waited for writes in flight goes on here (after this group's results: a later
  // write of the same key answers after it).
  lock.lock();
  if (lead_waits_ && (!parked_ || inflight_ == 0)) {
    lead_waits_ = false;
    if (parked_) PrepareAndSubmit(std::move(parked_), lock, /*detached=*/true);
    HandOnLead(lock);
  }
  // The last touch of `this` is this lock's release: a Stop() waiting on idle_ goes on after it.
  if (--completing_ == 0 && inflight_ == 0 && !leading_) idle_.notify_all();
}

void ShardWriter::HandOnLead(std::unique_lock<std::mutex>& lock) {
  for (int groups = 0;; ++groups) {
    if (queue_.empty()) {
      leading_ = false;
      if (inflight_ == 0) idle_.notify_all();
      return;
    }
    if (!queue_.front()->callback) {
      // A caller waits at the head (a write, or an exclusive turn): it leads next.
      queue_.front()->lead = true;
      Signal(*queue_.front());
      return;
    }
    // Nobody waits for a WriteAsync request: this thread leads its group, never blocking. After a
    // few groups (or when the group writes a key still in flight) the lead waits for the next
    // write to finish and goes on there (Complete), so no thread is held here for long.
    if (groups >= kMaxGroupsPerLead && inflight_ > 0) {
      lead_waits_ = true;
      return;
    }
    std::unique_ptr<Group> group = TakeGroup();
    if (inflight_ > 0 && Overlaps(*group)) {
      parked_ = std::move(group);
      lead_waits_ = true;
      return;
    }
    PrepareAndSubmit(std::move(group), lock, /*detached=*/true);
  }
}

std::vector<uint64_t> ShardWriter::KeyHashes(const std::vector<Request*>& group) {
  std::vector<uint64_t> hashes;
  for (const Request* req : group) {
    for (const RowWrite& w : req->rows) {
      hashes.push_back(std::hash<std::string_view>()(w.key) * 31 + std::hash<std::string_view>()(w.family));
    }
  }
  return hashes;  // a repeated key is inserted and erased twice: harmless
}

Status ShardWriter::LoadLiveness(const std::vector<Request*>& group, Liveness& live) const {
  std::unordered_map<std::string_view, std::vector<std::string_view>> keys_by_family;
  for (const auto& req : group) {
    for (const RowWrite& w : req->rows) {
      if (live.emplace(RowId{w.family, w.key}, KeyState{}).second) keys_by_family[w.family].push_back(w.key);
    }
  }
  for (auto& [family, keys] : keys_by_family) {
    KALAM_ASSIGN_OR_RETURN(auto values, store_->MultiGet(family, keys));
    std::vector<std::string_view> not_hot;  // no hot version: flushed, or never written
    const FamilyWatch* watch = WatchOf(family);
    for (size_t i = 0; i < keys.size(); ++i) {
      KeyState& state = live[RowId{family, keys[i]}];
      state.live = values[i].has_value() && !ReadDeleted(*values[i]);
      if (!values[i]) {
        not_hot.push_back(keys[i]);
      } else if (state.live && watch != nullptr && watch->Logs(keys[i])) {
        state.current = std::move(*values[i]);
      }
    }
    const std::string cold = ColdIndexFamily(family);
    if (not_hot.empty() || !store_->HasColumnFamily(cold)) continue;
    KALAM_ASSIGN_OR_RETURN(auto entries, store_->MultiGet(cold, not_hot));
    for (size_t i = 0; i < not_hot.size(); ++i) {
      if (!entries[i]) continue;
      auto entry = DecodeColdEntry(*entries[i]);
      if (entry.ok() && entry->deleted) continue;  // its newest flushed version is a tombstone
      KeyState& state = live[RowId{family, not_hot[i]}];
      state.live = true;
      if (entry.ok()) state.cold_seq = entry->seq;
    }
  }
  return Status::OK();
}

Status ShardWriter::Prepare(std::vector<Request*>& group, Prepared& out) {
  // Whether each key of the group holds a live row: first as stored (one batched lookup per
  // family), then as the group's earlier requests leave it.
  Liveness live;
  live.reserve(group.size() * 4);
  KALAM_RETURN_IF_ERROR(LoadLiveness(group, live));
  const bool publish = listener_ != nullptr && listener_->Interested();
  std::vector<WriteOp>& ops = out.batch.ops;
  std::vector<Change>& changes = out.changes;
  auto& seqs = out.seqs;
  auto& errors = out.errors;
  seqs.resize(group.size());
  errors.resize(group.size());
  std::vector<std::pair<RowId, bool>> undo;  // a failing request leaves no trace
  ChangeBlockBuilder block;                   // the group's changes: one change-log entry
  // Whether a row's change is logged; the rows of a group mostly share one family.
  std::string_view last_family;
  const FamilyWatch* last_watch = nullptr;
  auto watched = [&](std::string_view family, std::string_view key) {
    if (family != last_family || last_family.data() == nullptr) {
      last_family = family;
      last_watch = WatchOf(family);
    }
    return last_watch != nullptr && last_watch->Logs(key);
  };
  for (size_t r = 0; r < group.size(); ++r) {
    Request& req = *group[r];
    std::vector<int64_t> row_seqs(req.rows.size(), 0);
    undo.clear();
    Status error;
    for (size_t i = 0; i < req.rows.size(); ++i) {
      const RowWrite& w = req.rows[i];
      bool& state = live.at(RowId{w.family, w.key}).live;
      if (w.kind == WriteKind::kInsert && state) {
        error = Status(ErrorCode::kUniqueViolation, fmt::format("row {}", i));
        break;
      }
      if (w.kind == WriteKind::kUpdateExisting && !state) {
        error = Status(ErrorCode::kSerializationFailure, fmt::format("row {} is gone", i));
        break;
      }
      const bool inserts = w.kind == WriteKind::kInsert || w.kind == WriteKind::kInsertIfAbsent;
      if (inserts == state) continue;  // present (insert if absent) or gone (update, delete): skipped
      row_seqs[i] = 1;  // placeholder: this row is written
      undo.emplace_back(RowId{w.family, w.key}, state);
      state = w.kind != WriteKind::kTombstone;
    }
    if (!error.ok()) {
      for (auto it = undo.rbegin(); it != undo.rend(); ++it) live.at(it->first).live = it->second;
      errors[r] = error;
      continue;
    }
    for (size_t i = 0; i < req.rows.size(); ++i) {
      if (row_seqs[i] == 0) continue;
      RowWrite& w = req.rows[i];
      row_seqs[i] = seqs_->Next();
      PatchSeq(&w.value, row_seqs[i]);
      if (watched(w.family, w.key)) {
        // The version replaced: the hot one as this group leaves it, else (a row only in Parquet)
        // the statement's reading — a tombstone keeps the values — with the flushed version's _seq.
        KeyState& key_state = live.at(RowId{w.family, w.key});
        const ChangeKind kind = ChangeKindOf(w.kind);
        std::string cold_old;
        std::string_view old;
        if (kind != ChangeKind::kInsert) {
          if (!key_state.current.empty()) {
            old = key_state.current;
          } else {
            cold_old = kind == ChangeKind::kUpdate ? std::move(w.old_value) : w.value;
            if (!cold_old.empty()) PatchSeq(&cold_old, key_state.cold_seq);
            old = cold_old;
          }
        }
        block.Add(kind, w.family, w.key, row_seqs[i], old, w.value);
        if (block.bytes() >= kMaxChangeBlockBytes) AddChangeBlock(block, ops);
        // Copies for the listener only while someone subscribes.
        if (publish) changes.push_back(Change{w.family, w.key, row_seqs[i], kind, std::string(old), w.value});
        key_state.current = kind == ChangeKind::kDelete ? std::string() : w.value;
      }
      ops.push_back(WriteOp{w.family, w.key, std::move(w.value)});
    }
    seqs[r] = std::move(row_seqs);
  }
  if (!block.empty()) AddChangeBlock(block, ops);
  int64_t newest = 0;
  for (const auto& s : seqs) {
    if (s) {
      for (int64_t v : *s) newest = std::max(newest, v);
    }
  }
  out.newest = newest;
  if (!feed_.change_log.empty() && newest != 0) AddTrimOps(newest, ops);
  return Status::OK();
}

std::vector<Result<std::vector<int64_t>>> ShardWriter::Results(Prepared& prepared, const Status& written) {
  std::vector<Result<std::vector<int64_t>>> results;
  results.reserve(prepared.seqs.size());
  for (size_t r = 0; r < prepared.seqs.size(); ++r) {
    if (!prepared.errors[r].ok()) {
      results.emplace_back(prepared.errors[r]);
    } else if (!written.ok()) {
      results.emplace_back(written);
    } else {
      results.emplace_back(std::move(*prepared.seqs[r]));
    }
  }
  return results;
}

void ShardWriter::AddChangeBlock(ChangeBlockBuilder& block, std::vector<WriteOp>& ops) const {
  const int64_t key = block.newest_seq();
  ops.push_back(WriteOp{feed_.change_log, BigEndian64(key), block.Finish()});
}

void ShardWriter::AddTrimOps(int64_t newest_seq, std::vector<WriteOp>& ops) {
  const int64_t now_ms = SnowflakeGenerator::TimestampMs(newest_seq);
  // About once a minute (more often for a retention shorter than that).
  if (now_ms - last_trim_ms_ < std::min<int64_t>(60 * 1000, feed_.retention_ms)) return;
  last_trim_ms_ = now_ms;
  EndUnheldWatches(now_ms, ops);
  const int64_t cut = SeqAtMillis(now_ms - feed_.retention_ms);
  if (cut <= 0) return;
  // The floor is one above the newest change actually removed: a resume from any seq at or above
  // the last removed change still finds every later one. Nothing older than the cut: no trim.
  auto last = store_->LastKeyBefore(feed_.change_log, BigEndian64(cut));
  if (!last.ok() || !last->has_value() || (*last)->size() != 8) return;  // only the floor key, or none
  const int64_t floor = FromBigEndian64(**last) + 1;
  ops.push_back(WriteOp{feed_.change_log, BigEndian64(0), std::nullopt, BigEndian64(cut)});
  ops.push_back(WriteOp{feed_.change_log, std::string(kChangeLogFloorKey), BigEndian64(floor)});
}

void ShardWriter::EndUnheldWatches(int64_t now_ms, std::vector<WriteOp>& ops) {
  // Unheld at this check: the watch's last subscription ended before now (one registers in the
  // same exclusive turn as its Watch, which clears the mark). So once the first unheld check is
  // older than the retention, every seq handed out under the watch is too.
  auto ends = [&](std::string_view family, std::string_view partition, WatchState& state) {
    if (listener_ != nullptr && listener_->Holds(family, partition)) {
      state.unheld_since_ms.reset();
      return false;
    }
    if (!state.unheld_since_ms) state.unheld_since_ms = now_ms;
    if (now_ms - *state.unheld_since_ms <= feed_.retention_ms) return false;
    ops.push_back(WriteOp{feed_.change_log, ChangeLogWatchKey(family, partition), std::nullopt});
    return true;
  };
  for (auto f = watched_.begin(); f != watched_.end();) {
    FamilyWatch& watch = f->second;
    if (watch.whole && ends(f->first, {}, *watch.whole)) watch.whole.reset();
    for (auto p = watch.partitions.begin(); p != watch.partitions.end();) {
      p = ends(f->first, p->first, p->second) ? watch.partitions.erase(p) : std::next(p);
    }
    if (!watch.whole && watch.partitions.empty()) {
      f = watched_.erase(f);
    } else {
      ++f;
    }
  }
}

WriterPool::WriterPool(Store* store, SnowflakeGenerator* seqs, int shards, bool sync, int64_t change_retention_ms)
    : commits_(std::make_unique<CommitQueue>(store, sync)), store_(store), sync_(sync) {
  for (int i = 0; i <= shards; ++i) {
    ChangeFeedOptions feed;
    if (change_retention_ms > 0) {
      feed.change_log = i < shards ? ChangeLogFamily(i) : SharedChangeLogFamily();
      feed.retention_ms = change_retention_ms;
    }
    writers_.push_back(std::make_unique<ShardWriter>(store, seqs, sync, 4096, std::move(feed), commits_.get()));
  }
}

Status ShardWriter::RecoverLastSeq() {
  if (feed_.change_log.empty()) return Status::OK();
  // Change-log keys: the trim floor (empty), 8-byte big-endian seqs (below 0x80…), then the
  // watch keys (0xff…).
  KALAM_ASSIGN_OR_RETURN(auto newest, store_->LastKeyBefore(feed_.change_log, std::string(1, '\x80')));
  int64_t seq = 0;
  if (newest && IsChangeLogSeqKey(*newest)) {
    seq = FromBigEndian64(*newest);
  } else {
    KALAM_ASSIGN_OR_RETURN(auto floor, store_->Get(feed_.change_log, kChangeLogFloorKey));
    if (floor && floor->size() == 8) seq = FromBigEndian64(*floor) - 1;  // everything up to it was trimmed
  }
  // A family watched after the log's last change: a subscription was ready at its watch seq.
  watched_.clear();
  Status bad;
  KALAM_RETURN_IF_ERROR(store_->ScanPrefix(feed_.change_log, std::string(1, kChangeLogWatchPrefix),
                                           [&](std::string_view key, std::string_view value) {
                                             if (value.size() != 8) {
                                               bad = Status(ErrorCode::kInternal, "corrupt change-log watch key");
                                               return false;
                                             }
                                             const int64_t since = FromBigEndian64(value);
                                             const auto [family, partition] = SplitChangeLogWatchKey(key);
                                             watched_[std::string(family)].Set(partition, since);
                                             seq = std::max(seq, since);
                                             return true;
                                           }));
  KALAM_RETURN_IF_ERROR(bad);
  last_seq_.store(seq, std::memory_order_release);
  return Status::OK();
}

bool ShardWriter::FamilyWatch::Logs(std::string_view key) const {
  return whole.has_value() || (!partitions.empty() && partitions.find(UserOfKey(key)) != partitions.end());
}

ShardWriter::WatchState* ShardWriter::FamilyWatch::Find(std::string_view partition) {
  if (partition.empty()) return whole ? &*whole : nullptr;
  auto it = partitions.find(partition);
  return it == partitions.end() ? nullptr : &it->second;
}

void ShardWriter::FamilyWatch::Set(std::string_view partition, int64_t since) {
  if (partition.empty()) {
    whole = WatchState{since, std::nullopt};
  } else {
    partitions.emplace(std::string(partition), WatchState{since, std::nullopt});
  }
}

bool ShardWriter::watched(std::string_view family, std::string_view partition) const {
  const FamilyWatch* watch = WatchOf(family);
  if (watch == nullptr) return false;
  return watch->whole.has_value() || (!partition.empty() && watch->partitions.contains(partition));
}

Result<int64_t> ShardWriter::Watch(std::string_view family, std::string_view partition) {
  if (feed_.change_log.empty()) {
    return Status(ErrorCode::kFeatureNotSupported, "live queries are disabled on this server ([live] enabled = false)");
  }
  if (!InTurn()) return Status(ErrorCode::kInternal, "ShardWriter::Watch outside an exclusive turn");
  if (auto f = watched_.find(family); f != watched_.end()) {
    // Watched already (by the whole family's watch, or the partition's): held again from now on.
    for (WatchState* state : {f->second.Find({}), partition.empty() ? nullptr : f->second.Find(partition)}) {
      if (state == nullptr) continue;
      state->unheld_since_ms.reset();
      return state->since;
    }
  }
  // Every change committed from now on is logged: the log of the family (or partition) starts
  // after the last one — or at the beginning when it never held a row (hot or flushed; a delete
  // leaves a tombstone), so a resume from any seq misses nothing.
  int64_t since = last_seq();
  const std::string prefix = partition.empty() ? std::string() : UserPrefix(partition);
  bool empty = true;
  for (const std::string& f : {std::string(family), ColdIndexFamily(family)}) {
    if (!store_->HasColumnFamily(f)) continue;
    KALAM_ASSIGN_OR_RETURN(auto range, store_->KeyRange(f, prefix));
    empty = empty && !range.has_value();
  }
  if (empty) since = 0;
  KALAM_RETURN_IF_ERROR(
      store_->Put(feed_.change_log, ChangeLogWatchKey(family, partition), BigEndian64(since), /*sync=*/true));
  watched_[std::string(family)].Set(partition, since);
  return since;
}

Status ShardWriter::Unwatch(const std::function<bool(std::string_view)>& dropped) {
  if (!InTurn()) return Status(ErrorCode::kInternal, "ShardWriter::Unwatch outside an exclusive turn");
  for (auto it = watched_.begin(); it != watched_.end();) {
    if (!dropped(it->first)) {
      ++it;
      continue;
    }
    if (it->second.whole) {
      KALAM_RETURN_IF_ERROR(store_->Delete(feed_.change_log, ChangeLogWatchKey(it->first), /*sync=*/false));
    }
    for (const auto& [partition, state] : it->second.partitions) {
      KALAM_RETURN_IF_ERROR(
          store_->Delete(feed_.change_log, ChangeLogWatchKey(it->first, partition), /*sync=*/false));
    }
    it = watched_.erase(it);
  }
  return Status::OK();
}

Status WriterPool::Init() {
  for (auto& w : writers_) {
    if (w->change_log().empty()) continue;
    KALAM_RETURN_IF_ERROR(store_->EnsureColumnFamily(w->change_log()));
    KALAM_RETURN_IF_ERROR(w->RecoverLastSeq());
  }
  return Status::OK();
}

void WriterPool::SetListener(ChangeListener* listener) {
  for (auto& w : writers_) w->SetListener(listener);
}

Status WriterPool::Unwatch(const std::function<bool(std::string_view)>& dropped) {
  for (auto& w : writers_) {
    if (w->change_log().empty()) continue;
    KALAM_RETURN_IF_ERROR(w->RunExclusive([&] { return w->Unwatch(dropped); }));
  }
  return Status::OK();
}

void WriterPool::Start() {
  for (auto& w : writers_) w->Start();
}

void WriterPool::Stop() {
  for (auto& w : writers_) w->Stop();
}

}  // namespace kalam::store
