#include "engine/session_registry.h"

namespace kalam::engine {

void SessionRegistry::Bind(uint64_t connection_id, Caller caller) {
  std::lock_guard lock(mu_);
  sessions_.insert_or_assign(connection_id, std::move(caller));
}

void SessionRegistry::Unbind(uint64_t connection_id) {
  std::lock_guard lock(mu_);
  sessions_.erase(connection_id);
}

std::optional<Caller> SessionRegistry::Find(uint64_t connection_id) const {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(connection_id);
  if (it == sessions_.end()) return std::nullopt;
  return it->second;
}

}  // namespace kalam::engine
