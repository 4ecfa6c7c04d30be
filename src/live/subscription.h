#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "catalog/table_record.h"
#include "common/caller.h"
#include "common/ids.h"
#include "common/value.h"
#include "live/filter.h"
#include "live/subscriber.h"

namespace kalam::live {

/// One live query: what it reads, how it filters and projects, and where its frames go.
struct Subscription {
  explicit Subscription(catalog::TableRecord t) : table(std::move(t)) {}

  LiveQueryId live_id{std::string()};
  /// The client's id of the subscription ("s1").
  std::string id;
  Caller caller;
  std::shared_ptr<Subscriber> subscriber;
  /// The table as of subscribing: rows decode by its column ids (columns added later are not
  /// sent; dropped ones read as NULL).
  catalog::TableRecord table;
  std::vector<int32_t> column_ids;
  Row missing;
  /// Column family and partition (the user of a USER/STREAM table, "" for SHARED).
  std::string family;
  std::string partition;
  /// Positions (declared order) of the columns sent, then `_seq`.
  std::vector<size_t> projection;
  std::vector<ColumnInfo> schema;
  std::optional<CompiledFilter> filter;
  /// Changes with a higher seq are delivered live (the rest are in the initial data or replay).
  int64_t start_seq = 0;
  /// The most rows of one frame (the `batch_size` option): initial data and runs of changes.
  size_t batch_size = 1000;

  std::string sql;
  std::string options_json;
  std::string client_addr;
  int64_t created_at_us = 0;
  std::atomic<int64_t> changes_sent{0};

  std::mutex mu;
  bool loading = true;                 // guarded by mu: changes wait in `pending`
  bool ended = false;                  // guarded by mu: nothing more is sent
  bool overflowed = false;             // guarded by mu
  std::vector<std::string> pending;    // guarded by mu
  size_t pending_changes = 0;          // guarded by mu: the changes those frames carry
};

}  // namespace kalam::live
