#include "engine/session_registry.h"

namespace kalam::engine {

void SessionRegistry::Bind(uint64_t connection_id, Caller caller, std::shared_ptr<const store::Snapshot> snapshot) {
  std::lock_guard lock(mu_);
  sessions_.insert_or_assign(connection_id, Entry{std::move(caller), std::move(snapshot)});
}

void SessionRegistry::Unbind(uint64_t connection_id) {
  std::shared_ptr<const store::Snapshot> released;  // released outside the lock
  std::lock_guard lock(mu_);
  auto it = sessions_.find(connection_id);
  if (it == sessions_.end()) return;
  released = std::move(it->second.snapshot);
  sessions_.erase(it);
}

std::optional<Caller> SessionRegistry::Find(uint64_t connection_id) const {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(connection_id);
  if (it == sessions_.end()) return std::nullopt;
  return it->second.caller;
}

std::shared_ptr<const store::Snapshot> SessionRegistry::SnapshotOf(uint64_t connection_id, const store::Store& store) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(connection_id);
  if (it == sessions_.end()) return store.GetSnapshot();
  if (!it->second.snapshot) it->second.snapshot = store.GetSnapshot();
  return it->second.snapshot;
}

}  // namespace kalam::engine
