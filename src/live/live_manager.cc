#include "live/live_manager.h"

#include <algorithm>

#include <fmt/format.h>

#include "catalog/permissions.h"
#include "catalog/table_families.h"
#include "common/shard.h"
#include "live/frames.h"
#include "sql/filter_sql.h"
#include "sql/parser.h"
#include "sql/quote.h"
#include "store/row_codec.h"

namespace kalam::live {
namespace {

/// The partition a row key belongs to: the user of a USER/STREAM key (`user \0 …`), "" for SHARED.
std::string_view PartitionOfKey(std::string_view key, bool per_user) {
  return per_user ? store::UserOfKey(key) : std::string_view();
}

bool IsPerUser(std::string_view family) { return !family.starts_with("shared."); }

}  // namespace

LiveManager::LiveManager(LiveOptions options, catalog::Catalog* catalog, store::Store* store,
                         store::WriterPool* writers, engine::Engine* engine, SnowflakeGenerator* ids,
                         const Clock* clock)
    : options_(options), catalog_(catalog), store_(store), writers_(writers), engine_(engine), ids_(ids),
      clock_(clock) {}

LiveManager::~LiveManager() { Stop(); }

void LiveManager::Start() { dispatcher_ = std::thread([this] { RunDispatcher(); }); }

void LiveManager::Stop() {
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (dispatcher_.joinable()) dispatcher_.join();
}

std::vector<ColumnInfo> LiveManager::LiveQueriesColumns() {
  auto text = DataType::Of(TypeId::kText);
  return {ColumnInfo{"live_id", text, {"pk"}},
          ColumnInfo{"username", text, {}},
          ColumnInfo{"namespace_id", text, {}},
          ColumnInfo{"table_name", text, {}},
          ColumnInfo{"query", text, {}},
          ColumnInfo{"options", DataType::Of(TypeId::kJson), {}},
          ColumnInfo{"created_at", DataType::Of(TypeId::kTimestamp), {}},
          ColumnInfo{"changes_sent", DataType::Of(TypeId::kBigInt), {}},
          ColumnInfo{"client_addr", text, {}}};
}

std::vector<Row> LiveManager::Rows(const Caller& caller) const {
  const bool all = caller.role == Role::kDba || caller.role == Role::kSystem;
  std::vector<Row> rows;
  std::shared_lock lock(mu_);
  for (const auto& [id, sub] : by_id_) {
    if (!all && sub->caller.username != caller.username) continue;
    rows.push_back(Row{sub->live_id.value(), sub->caller.username.value(), sub->table.id.ns.value(),
                       sub->table.id.name.value(), sub->sql, sub->options_json, sub->created_at_us,
                       sub->changes_sent.load(std::memory_order_relaxed), sub->client_addr});
  }
  return rows;
}

Result<std::shared_ptr<Subscription>> LiveManager::Prepare(const std::shared_ptr<Subscriber>& subscriber,
                                                           const Caller& caller, const SubscribeRequest& request,
                                                           const std::string& client_addr) {
  if (request.id.empty()) return Status(ErrorCode::kInvalidParameter, "a subscription needs an \"id\"");
  KALAM_ASSIGN_OR_RETURN(sql::LiveQuery query, sql::ParseLiveQuery(request.sql));
  if (!query.table.ns) {
    return Status(ErrorCode::kNamespaceNotFound,
                  fmt::format("live queries name the table with its namespace: FROM namespace.{}",
                              query.table.name.value()));
  }
  if (query.table.ns->value() == "system") {
    return Status(ErrorCode::kFeatureNotSupported, "system tables cannot be subscribed to");
  }
  KALAM_RETURN_IF_ERROR(catalog_->namespaces().Get(*query.table.ns));
  KALAM_ASSIGN_OR_RETURN(catalog::TableRecord table,
                         catalog_->tables().GetOrError(TableId{*query.table.ns, query.table.name}));
  if (!catalog::MayRead(caller.role, table)) {
    return Status(ErrorCode::kPermissionDenied, fmt::format("permission denied for table {}", table.id.name.value()));
  }
  if (request.batch_size < 1 || request.batch_size > 100000) {
    return Status(ErrorCode::kInvalidParameter, "batch_size must be between 1 and 100000");
  }
  if (request.last_rows && *request.last_rows < 0) {
    return Status(ErrorCode::kInvalidParameter, "last_rows must not be negative");
  }
  if (request.last_rows && request.from_seq) {
    return Status(ErrorCode::kInvalidParameter, "last_rows and from_seq cannot be combined");
  }
  auto sub = std::make_shared<Subscription>(table);
  sub->id = request.id;
  sub->caller = caller;
  sub->subscriber = subscriber;
  sub->column_ids = catalog::ColumnIdsOf(table);
  sub->missing = catalog::MissingValues(table);
  const int shard = ShardOf(caller.username.value(), options_.user_shards);
  sub->family = catalog::FamilyOf(table, shard);
  if (table.IsPerUser()) sub->partition = caller.username.value();
  if (query.columns.empty()) {
    for (size_t i = 0; i < table.columns.size(); ++i) sub->projection.push_back(i);
  } else {
    for (const auto& name : query.columns) {
      auto idx = table.FindColumn(name);
      if (!idx) return Status(ErrorCode::kColumnNotFound, fmt::format("column \"{}\" does not exist", name));
      sub->projection.push_back(*idx);
    }
  }
  for (size_t i : sub->projection) {
    const auto& c = table.columns[i];
    std::vector<std::string> flags;
    if (c.primary_key) flags.emplace_back("pk");
    if (!c.nullable || c.primary_key) flags.emplace_back("nn");
    sub->schema.push_back(ColumnInfo{c.name, c.type, flags});
  }
  sub->schema.push_back(ColumnInfo{"_seq", DataType::Of(TypeId::kBigInt), {}});
  if (query.where) {
    KALAM_ASSIGN_OR_RETURN(CompiledFilter filter, CompiledFilter::Compile(*query.where, table));
    sub->filter = std::move(filter);
  }
  sub->batch_size = static_cast<size_t>(request.batch_size);
  sub->sql = request.sql;
  sub->options_json = request.options_json;
  sub->client_addr = client_addr;
  sub->created_at_us = clock_->NowMicros();
  sub->live_id = LiveQueryId("LQ-" + std::to_string(ids_->Next()));
  return sub;
}

Status LiveManager::Register(const SubPtr& sub) {
  std::unique_lock lock(mu_);
  // A DROP TABLE that removed the table while this subscription was being prepared has already
  // ended the table's subscriptions (EndTable): refuse rather than register on a dropped table.
  KALAM_RETURN_IF_ERROR(catalog_->tables().GetOrError(sub->table.id).status());
  auto& mine = by_subscriber_[sub->subscriber.get()];
  for (const auto& other : mine) {
    if (other->id == sub->id) {
      return Status(ErrorCode::kAlreadyExists, fmt::format("subscription \"{}\" already exists on this connection", sub->id));
    }
  }
  if (static_cast<int64_t>(mine.size()) >= options_.max_per_connection) {
    return Status(ErrorCode::kProgramLimitExceeded,
                  fmt::format("a connection may hold at most {} subscriptions", options_.max_per_connection));
  }
  int64_t& per_user = per_user_[sub->caller.username.value()];
  if (per_user >= options_.max_per_user) {
    return Status(ErrorCode::kProgramLimitExceeded,
                  fmt::format("a user may hold at most {} subscriptions", options_.max_per_user));
  }
  ++per_user;
  mine.push_back(sub);
  by_id_.emplace(sub->live_id.value(), sub);
  families_[sub->family].partitions[sub->partition].subs.push_back(sub);
  count_.fetch_add(1, std::memory_order_relaxed);
  return Status::OK();
}

void LiveManager::Unregister(const SubPtr& sub) {
  {
    std::unique_lock lock(mu_);
    if (by_id_.erase(sub->live_id.value()) == 0) return;
    count_.fetch_sub(1, std::memory_order_relaxed);
    if (auto it = per_user_.find(sub->caller.username.value()); it != per_user_.end() && --it->second <= 0) {
      per_user_.erase(it);
    }
    if (auto it = by_subscriber_.find(sub->subscriber.get()); it != by_subscriber_.end()) {
      std::erase(it->second, sub);
      if (it->second.empty()) by_subscriber_.erase(it);
    }
    if (auto f = families_.find(sub->family); f != families_.end()) {
      if (auto p = f->second.partitions.find(sub->partition); p != f->second.partitions.end()) {
        std::erase(p->second.subs, sub);
        if (p->second.subs.empty()) f->second.partitions.erase(p);
      }
      if (f->second.partitions.empty()) families_.erase(f);
    }
  }
  std::lock_guard lock(sub->mu);
  sub->ended = true;
  sub->pending.clear();
}

Result<LiveQueryId> LiveManager::Subscribe(const std::shared_ptr<Subscriber>& subscriber, const Caller& caller,
                                           const SubscribeRequest& request, const std::string& client_addr) {
  KALAM_ASSIGN_OR_RETURN(SubPtr sub, Prepare(subscriber, caller, request, client_addr));
  store::ShardWriter& writer = sub->table.type == TableType::kShared
                                   ? writers_->Shared()
                                   : writers_->ForShard(ShardOf(caller.username.value(), options_.user_shards));
  if (writer.change_log().empty()) {
    return Status(ErrorCode::kFeatureNotSupported, "live queries are disabled on this server ([live] enabled = false)");
  }
  // Registered between two commits of the table's writer, with a snapshot taken there: every
  // change up to start_seq is in the snapshot, every later one reaches the subscription. The
  // subscription's partition (the caller's rows of a USER or STREAM table, all of a SHARED one) is
  // logged from there on (if it was not already), so it can be resumed.
  std::shared_ptr<const store::Snapshot> snapshot;
  Status registered = Status::OK();
  int64_t logged_after = 0;
  KALAM_RETURN_IF_ERROR(writer.RunExclusive([&]() -> Status {
    KALAM_ASSIGN_OR_RETURN(logged_after, writer.Watch(sub->family, sub->partition));
    snapshot = store_->GetSnapshot();
    sub->start_seq = writer.last_seq();
    registered = Register(sub);
    return Status::OK();
  }));
  KALAM_RETURN_IF_ERROR(registered);
  auto frames = Load(sub, request, snapshot, writer.change_log(), logged_after);
  snapshot.reset();
  if (!frames.ok()) {
    Unregister(sub);
    return frames.status();
  }
  std::unique_lock lock(sub->mu);
  if (sub->ended) return sub->live_id;  // killed or disconnected meanwhile
  if (sub->overflowed) {
    lock.unlock();
    Unregister(sub);
    return Status(ErrorCode::kProgramLimitExceeded,
                  "more changes arrived while the initial data was read than a subscription may buffer");
  }
  bool ok = subscriber->Send(AckFrame(sub->id, sub->live_id.value(), sub->schema));
  for (auto& f : *frames) ok = ok && subscriber->Send(std::move(f));
  ok = ok && subscriber->Send(ReadyFrame(sub->id, std::max(sub->start_seq, request.from_seq.value_or(0))));
  for (auto& f : sub->pending) ok = ok && subscriber->Send(std::move(f));
  sub->changes_sent.fetch_add(static_cast<int64_t>(sub->pending_changes), std::memory_order_relaxed);
  sub->pending.clear();
  sub->pending_changes = 0;
  sub->pending.shrink_to_fit();
  sub->loading = false;
  return sub->live_id;
}

Result<std::vector<std::string>> LiveManager::Load(const SubPtr& sub, const SubscribeRequest& request,
                                                   std::shared_ptr<const store::Snapshot> snapshot,
                                                   const std::string& change_log, int64_t logged_after) {
  std::vector<std::string> frames;
  if (request.from_seq) {
    // Every change after from_seq up to start_seq, from the change log as of the snapshot.
    const int64_t from = *request.from_seq;
    KALAM_ASSIGN_OR_RETURN(auto floor, store_->Get(change_log, store::kChangeLogFloorKey, snapshot.get()));
    const int64_t trimmed_below = floor ? store::FromBigEndian64(*floor) : 0;
    if (from < logged_after) {
      return Status(ErrorCode::kInvalidParameter,
                    fmt::format("from_seq {} is older than the change log keeps (the changes of this table are "
                                "logged from its first subscription on — of a USER or STREAM table, from the user's "
                                "first — after seq {}): subscribe without from_seq to receive the current rows",
                                from, logged_after));
    }
    if (from + 1 < trimmed_below) {
      return Status(ErrorCode::kInvalidParameter,
                    fmt::format("from_seq {} is older than the change log keeps (changes before seq {} are gone): "
                                "subscribe without from_seq to receive the current rows",
                                from, trimmed_below));
    }
    KALAM_ASSIGN_OR_RETURN(auto cursor, store_->NewCursor(change_log, "", snapshot.get()));
    // Consecutive changes of one kind travel together, as they do live.
    ChangeRun run;
    for (cursor->Seek(store::BigEndian64(std::max<int64_t>(from + 1, 0))); cursor->Valid(); cursor->Next()) {
      if (!store::IsChangeLogSeqKey(cursor->key())) break;  // the watch keys follow the last seq
      KALAM_ASSIGN_OR_RETURN(auto changes, store::DecodeChanges(store::FromBigEndian64(cursor->key()), cursor->value()));
      for (const store::Change& change : changes) {
        if (change.seq <= from || change.family != sub->family ||
            PartitionOfKey(change.key, IsPerUser(change.family)) != sub->partition) {
          continue;  // (a block holds every change of its group: some may precede from_seq)
        }
        const Decoded decoded = Decode(*sub, change);
        const auto kind = Classify(*sub, decoded);
        if (!kind) continue;
        if (!run.Accepts(*kind, sub->batch_size)) {
          frames.push_back(ChangeFrame(sub->id, run));
          run.Clear();
        }
        const Encoded rows = Encode(*sub, *kind, decoded);
        run.Add(*kind, rows.row, rows.old_row, change.seq);
      }
    }
    KALAM_RETURN_IF_ERROR(cursor->status());
    if (run.count > 0) frames.push_back(ChangeFrame(sub->id, run));
    return frames;
  }
  // Initial data: the same SELECT the user could run, at the registration snapshot.
  std::string sql = "SELECT ";
  for (size_t i : sub->projection) sql += sql::QuoteIdentifier(sub->table.columns[i].name) + ", ";
  sql += "\"_seq\" FROM " + sql::QuoteIdentifier(sub->table.id.ns.value()) + "." + sql::QuoteIdentifier(sub->table.id.name.value());
  KALAM_ASSIGN_OR_RETURN(sql::LiveQuery query, sql::ParseLiveQuery(sub->sql));
  if (query.where) sql += " WHERE " + sql::FilterToSql(*query.where);
  if (request.last_rows) {
    sql = "SELECT * FROM (" + sql + " ORDER BY \"_seq\" DESC LIMIT " + std::to_string(*request.last_rows) +
          ") ORDER BY \"_seq\"";
  } else {
    sql += " ORDER BY \"_seq\"";
  }
  engine::QueryContext qctx;
  qctx.caller = sub->caller;
  qctx.max_rows = options_.max_initial_rows;
  qctx.snapshot = std::move(snapshot);
  auto rows = engine_->Query(sql, qctx);
  if (!rows.ok()) {
    if (rows.error().code() == ErrorCode::kProgramLimitExceeded) {
      return Status(ErrorCode::kProgramLimitExceeded,
                    fmt::format("the initial data has more than {} rows: subscribe with last_rows",
                                options_.max_initial_rows));
    }
    return rows.status();
  }
  const auto batch = static_cast<size_t>(request.batch_size);
  const std::vector<Row>& all = rows->rows;
  for (size_t begin = 0; begin < all.size() || begin == 0; begin += batch) {
    const size_t end = std::min(all.size(), begin + batch);
    frames.push_back(InitialBatchFrame(sub->id, sub->schema, all, begin, end, end < all.size()));
    if (all.empty()) break;
  }
  return frames;
}

LiveManager::Decoded LiveManager::Decode(const Subscription& sub, const store::Change& change) {
  Decoded out;
  out.reader = &sub;
  auto decode = [&](const std::string& bytes) -> std::optional<store::StoredRow> {
    if (bytes.empty()) return std::nullopt;
    auto decoded = store::DecodeRow(bytes, sub.column_ids, &sub.missing);
    if (!decoded.ok()) return std::nullopt;
    return std::move(decoded).value();
  };
  if (change.kind != store::ChangeKind::kInsert) out.old_row = decode(change.old_value);
  if (change.kind != store::ChangeKind::kDelete) out.new_row = decode(change.new_value);
  return out;
}

std::optional<store::ChangeKind> LiveManager::Classify(const Subscription& sub, const Decoded& decoded) {
  auto matches = [&](const std::optional<store::StoredRow>& r) {
    return r.has_value() && (!sub.filter || sub.filter->Matches(r->values));
  };
  const bool old_m = matches(decoded.old_row);
  const bool new_m = matches(decoded.new_row);
  if (old_m && new_m) return store::ChangeKind::kUpdate;
  if (new_m) return store::ChangeKind::kInsert;
  if (old_m) return store::ChangeKind::kDelete;
  return std::nullopt;
}

LiveManager::Encoded LiveManager::Encode(const Subscription& sub, store::ChangeKind kind, const Decoded& decoded) {
  auto encode = [&](const store::StoredRow& r) {
    Row out;
    out.reserve(sub.projection.size() + 1);
    for (size_t i : sub.projection) out.push_back(r.values[i]);
    out.emplace_back(r.seq);
    return RowJson(out, sub.schema);
  };
  Encoded out;
  if (kind != store::ChangeKind::kDelete) out.row = encode(*decoded.new_row);
  if (kind != store::ChangeKind::kInsert) out.old_row = encode(*decoded.old_row);
  return out;
}

void LiveManager::Deliver(const SubPtr& sub, std::string frame, size_t changes) {
  std::lock_guard lock(sub->mu);
  if (sub->ended) return;
  if (sub->loading) {
    if (sub->pending.size() >= options_.max_pending) {
      sub->overflowed = true;
      sub->pending.clear();
      sub->pending_changes = 0;
      return;
    }
    if (!sub->overflowed) {
      sub->pending.push_back(std::move(frame));
      sub->pending_changes += changes;
    }
    return;
  }
  sub->changes_sent.fetch_add(static_cast<int64_t>(changes), std::memory_order_relaxed);
  // A full queue closes the connection; DropSubscriber then ends the subscription.
  sub->subscriber->Send(std::move(frame));
}

void LiveManager::OnCommit(std::vector<store::Change>&& changes) {
  // Writers pay only this check while nobody subscribes.
  if (count_.load(std::memory_order_relaxed) == 0) return;
  {
    std::shared_lock lock(mu_);
    bool any = false;
    for (const auto& c : changes) {
      if (families_.contains(c.family)) {
        any = true;
        break;
      }
    }
    if (!any) return;
  }
  {
    std::lock_guard lock(queue_mu_);
    if (stopping_) return;
    queue_.push_back(std::move(changes));
  }
  queue_cv_.notify_one();
}

bool LiveManager::Holds(std::string_view family, std::string_view partition) const {
  std::shared_lock lock(mu_);
  auto f = families_.find(std::string(family));
  if (f == families_.end()) return false;
  return partition.empty() || f->second.partitions.contains(std::string(partition));
}

void LiveManager::RunDispatcher() {
  while (true) {
    std::vector<store::Change> batch;
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      batch = std::move(queue_.front());
      queue_.pop_front();
    }
    Dispatch(batch);
  }
}

void LiveManager::Dispatch(const std::vector<store::Change>& batch) {
  // Each subscription's open run of changes, in the order subscriptions were first reached.
  struct Open {
    SubPtr sub;
    ChangeRun run;
  };
  std::vector<Open> open;
  std::unordered_map<const Subscription*, size_t> open_index;
  auto send = [&](Open& o) {
    if (o.run.count == 0) return;
    Deliver(o.sub, ChangeFrame(o.sub->id, o.run), o.run.count);
    o.run.Clear();
  };
  // The subscriptions of the partition the previous change was in (a commit's changes usually
  // share one).
  std::vector<SubPtr> subs;
  std::string_view subs_family;
  std::string_view subs_partition;
  bool subs_valid = false;
  for (const store::Change& change : batch) {
    const std::string_view partition = PartitionOfKey(change.key, IsPerUser(change.family));
    if (!subs_valid || change.family != subs_family || partition != subs_partition) {
      subs.clear();
      subs_family = change.family;
      subs_partition = partition;
      subs_valid = true;
      std::shared_lock lock(mu_);
      if (auto f = families_.find(change.family); f != families_.end()) {
        if (auto p = f->second.partitions.find(std::string(partition)); p != f->second.partitions.end()) {
          subs = p->second.subs;
        }
      }
    }
    // One change usually reaches many subscriptions that read it the same way: decode it once per
    // set of column ids, encode its rows once per (kind, projection).
    std::vector<Decoded> decoded;
    struct CachedRows {
      store::ChangeKind kind;
      const Subscription* reader;
      const Subscription* projector;
      Encoded rows;
    };
    std::vector<CachedRows> cached;
    for (const auto& sub : subs) {
      if (change.seq <= sub->start_seq) continue;  // in its initial data already
      const Decoded* d = nullptr;
      for (const auto& candidate : decoded) {
        if (candidate.reader->column_ids == sub->column_ids && candidate.reader->missing == sub->missing) d = &candidate;
      }
      if (d == nullptr) d = &decoded.emplace_back(Decode(*sub, change));
      auto kind = Classify(*sub, *d);
      if (!kind) continue;
      const Encoded* rows = nullptr;
      for (const auto& c : cached) {
        if (c.kind == *kind && c.reader == d->reader && c.projector->projection == sub->projection) rows = &c.rows;
      }
      if (rows == nullptr) rows = &cached.emplace_back(CachedRows{*kind, d->reader, sub.get(), Encode(*sub, *kind, *d)}).rows;
      auto [it, fresh] = open_index.try_emplace(sub.get(), open.size());
      if (fresh) open.push_back(Open{sub, ChangeRun{}});
      Open& o = open[it->second];
      if (!o.run.Accepts(*kind, sub->batch_size)) send(o);
      o.run.Add(*kind, rows->row, rows->old_row, change.seq);
    }
  }
  for (auto& o : open) send(o);
}

Status LiveManager::Check(const Caller& caller, const std::string& sql) {
  SubscribeRequest request;
  request.id = "check";
  request.sql = sql;
  auto prepared = Prepare(nullptr, caller, request, caller.client_addr);
  return prepared.ok() ? Status::OK() : prepared.status();
}

bool LiveManager::Unsubscribe(const Subscriber* subscriber, const std::string& id) {
  SubPtr found;
  {
    std::shared_lock lock(mu_);
    auto it = by_subscriber_.find(subscriber);
    if (it == by_subscriber_.end()) return false;
    for (const auto& sub : it->second) {
      if (sub->id == id) found = sub;
    }
  }
  if (!found) return false;
  Unregister(found);
  return true;
}

void LiveManager::DropSubscriber(const Subscriber* subscriber) {
  std::vector<SubPtr> subs;
  {
    std::shared_lock lock(mu_);
    auto it = by_subscriber_.find(subscriber);
    if (it == by_subscriber_.end()) return;
    subs = it->second;
  }
  for (const auto& sub : subs) Unregister(sub);
}

void LiveManager::EndTable(const TableId& table) {
  std::vector<SubPtr> ended;
  {
    std::shared_lock lock(mu_);
    for (const auto& [id, sub] : by_id_) {
      if (sub->table.id == table) ended.push_back(sub);
    }
  }
  const Status gone(ErrorCode::kTableNotFound,
                    fmt::format("relation \"{}\" was dropped: the live query ended", table.ToString()));
  for (const auto& sub : ended) {
    Unregister(sub);
    sub->subscriber->Send(ErrorFrame(sub->id, gone));
  }
}

Status LiveManager::Kill(const LiveQueryId& id, const Caller& by) {
  SubPtr sub;
  {
    std::shared_lock lock(mu_);
    auto it = by_id_.find(id.value());
    if (it != by_id_.end()) sub = it->second;
  }
  const bool may = sub && (sub->caller.username == by.username || by.role == Role::kDba || by.role == Role::kSystem);
  if (!may) return Status(ErrorCode::kInvalidParameter, fmt::format("live query \"{}\" does not exist", id.value()));
  Unregister(sub);
  sub->subscriber->Send(ErrorFrame(sub->id, Status(ErrorCode::kQueryCanceled,
                                                   fmt::format("live query {} was killed by {}", id.value(),
                                                               by.username.value()))));
  return Status::OK();
}

}  // namespace kalam::live
