#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "catalog/catalog.h"
#include "common/caller.h"
#include "common/clock.h"
#include "common/snowflake.h"
#include "common/status.h"
#include "engine/engine.h"
#include "live/subscribe_request.h"
#include "live/subscriber.h"
#include "live/subscription.h"
#include "store/row_codec.h"
#include "store/shard_writer.h"
#include "store/store.h"

namespace kalam::live {

struct LiveOptions {
  /// Subscriptions one connection may hold ([limits] max_ws_subscriptions).
  int64_t max_per_connection = 100;
  /// Subscriptions one user may hold over all connections.
  int64_t max_per_user = 10000;
  /// Rows of initial data at most ([limits] max_result_rows): more needs `last_rows`.
  int64_t max_initial_rows = 100000;
  /// Changes buffered for one subscription while its initial data is read.
  size_t max_pending = 100000;
  int user_shards = 4;
};

/// Live queries: receives every committed change from the writers (a ChangeListener), keeps an
/// index (table family, user) → subscriptions, evaluates each matching subscription's compiled
/// filter and queues change frames on the subscriber. One dispatcher thread, so a subscription's
/// changes are sent in commit order; writers only hand a batch over. Thread-safe.
class LiveManager final : public store::ChangeListener {
 public:
  LiveManager(LiveOptions options, catalog::Catalog* catalog, store::Store* store, store::WriterPool* writers,
              engine::Engine* engine, SnowflakeGenerator* ids, const Clock* clock);
  ~LiveManager() override;
  LiveManager(const LiveManager&) = delete;
  LiveManager& operator=(const LiveManager&) = delete;

  void Start();
  /// Stops the dispatcher; subscriptions receive nothing more.
  void Stop();

  /// Subscribes `caller` on `subscriber`: checks the query and access exactly as a SELECT would,
  /// registers it at a snapshot of its writer, and sends `subscription_ack`, the initial data
  /// (or the replay of every change after `from_seq`) and `ready`; changes that commit meanwhile
  /// follow with no gap or duplicate. Blocks while it reads; run it off the I/O threads.
  /// On error nothing was registered and nothing sent (the caller answers with an error frame).
  Result<LiveQueryId> Subscribe(const std::shared_ptr<Subscriber>& subscriber, const Caller& caller,
                                const SubscribeRequest& request, const std::string& client_addr);
  /// The checks of Subscribe (query, table, access, columns, filter) without subscribing:
  /// SUBSCRIBE TO over HTTP.
  Status Check(const Caller& caller, const std::string& sql);
  /// Ends the subscription `id` of `subscriber`; false when there is none.
  bool Unsubscribe(const Subscriber* subscriber, const std::string& id);
  /// Ends every subscription of a closed connection.
  void DropSubscriber(const Subscriber* subscriber);
  /// KILL LIVE QUERY: the owner or a dba ends it; the client gets an error frame QUERY_CANCELED.
  /// NOT_FOUND-style INVALID_PARAMETER when there is no such live query (or it is not the
  /// caller's), PERMISSION_DENIED never leaks other users' ids.
  Status Kill(const LiveQueryId& id, const Caller& by);

  /// DROP TABLE (and DROP NAMESPACE … CASCADE): ends every subscription on the table with an error
  /// frame TABLE_NOT_FOUND, after its catalog record is gone (so none can register after this).
  void EndTable(const TableId& table);

  /// system.live_queries rows visible to `caller` (own; dba and system: all).
  std::vector<Row> Rows(const Caller& caller) const;
  /// Subscriptions registered now.
  int64_t count() const { return count_.load(std::memory_order_relaxed); }

  void OnCommit(std::vector<store::Change>&& changes) override;
  bool Interested() const override { return count_.load(std::memory_order_relaxed) > 0; }
  bool Holds(std::string_view family, std::string_view partition) const override;

  /// The columns of system.live_queries.
  static std::vector<ColumnInfo> LiveQueriesColumns();

 private:
  using SubPtr = std::shared_ptr<Subscription>;
  struct Partition {
    std::vector<SubPtr> subs;
  };
  struct Family {
    /// Partition user ("" for SHARED tables) → subscriptions.
    std::unordered_map<std::string, Partition> partitions;
  };

  Result<std::shared_ptr<Subscription>> Prepare(const std::shared_ptr<Subscriber>& subscriber, const Caller& caller,
                                                const SubscribeRequest& request, const std::string& client_addr);
  /// Registers under the index lock; false when a limit or a duplicate id refuses it.
  Status Register(const SubPtr& sub);
  void Unregister(const SubPtr& sub);
  /// The frames of the initial data, or of the replay after from_seq from `change_log`, which
  /// holds every change of the subscription's family after `logged_after`.
  Result<std::vector<std::string>> Load(const SubPtr& sub, const SubscribeRequest& request,
                                        std::shared_ptr<const store::Snapshot> snapshot, const std::string& change_log,
                                        int64_t logged_after);
  /// A change's row versions decoded the way a subscription reads rows (its column ids).
  struct Decoded {
    const Subscription* reader = nullptr;
    std::optional<store::StoredRow> old_row;
    std::optional<store::StoredRow> new_row;
  };
  static Decoded Decode(const Subscription& sub, const store::Change& change);
  /// What a change is to a subscription: insert, update, delete (by whether the old and the new
  /// version match its filter), or nothing.
  static std::optional<store::ChangeKind> Classify(const Subscription& sub, const Decoded& decoded);
  /// A change's rows as a subscription sends them (its projection, then `_seq`): the new version
  /// for insert/update, the old one for update/delete; empty where the kind has none.
  struct Encoded {
    std::string row;
    std::string old_row;
  };
  static Encoded Encode(const Subscription& sub, store::ChangeKind kind, const Decoded& decoded);
  /// Sends a frame carrying `changes` changes (or keeps it while the initial data loads).
  void Deliver(const SubPtr& sub, std::string frame, size_t changes);
  void RunDispatcher();
  /// Sends one commit's changes: to each subscription, consecutive changes of one kind as one
  /// frame (at most its batch_size rows).
  void Dispatch(const std::vector<store::Change>& batch);

  LiveOptions options_;
  catalog::Catalog* catalog_;
  store::Store* store_;
  store::WriterPool* writers_;
  engine::Engine* engine_;
  SnowflakeGenerator* ids_;
  const Clock* clock_;

  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, Family> families_;                        // guarded by mu_
  std::map<std::string, SubPtr> by_id_;                                     // guarded by mu_
  std::unordered_map<const Subscriber*, std::vector<SubPtr>> by_subscriber_;  // guarded by mu_
  std::unordered_map<std::string, int64_t> per_user_;                       // guarded by mu_
  std::atomic<int64_t> count_{0};

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<std::vector<store::Change>> queue_;  // guarded by queue_mu_
  bool stopping_ = false;                         // guarded by queue_mu_
  std::thread dispatcher_;
};

}  // namespace kalam::live
