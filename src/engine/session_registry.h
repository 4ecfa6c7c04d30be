#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "common/caller.h"
#include "store/store.h"

namespace kalam::engine {

/// Engine connection id → the caller whose query runs on it, and the store snapshot that query
/// reads. Table functions read the caller from here, never from SQL text, so a user cannot ask for
/// another user's rows; every scan of one query reads the same snapshot, so hot rows and the cold
/// manifest always agree (a flush in between changes neither). Thread-safe.
class SessionRegistry {
 public:
  /// `snapshot` may be null: the first scan of the query then takes one.
  void Bind(uint64_t connection_id, Caller caller, std::shared_ptr<const store::Snapshot> snapshot = nullptr);
  void Unbind(uint64_t connection_id);
  /// nullopt for a connection with no caller (the engine's own admin connection).
  std::optional<Caller> Find(uint64_t connection_id) const;
  /// The snapshot of the query running on the connection, taken from `store` on first use.
  std::shared_ptr<const store::Snapshot> SnapshotOf(uint64_t connection_id, const store::Store& store);

 private:
  struct Entry {
    Caller caller;
    std::shared_ptr<const store::Snapshot> snapshot;
  };
  mutable std::mutex mu_;
  std::unordered_map<uint64_t, Entry> sessions_;  // guarded by mu_
};

}  // namespace kalam::engine
