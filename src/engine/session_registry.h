#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "common/caller.h"

namespace kalam::engine {

/// Engine connection id → the caller whose query runs on it. Table functions read the caller
/// from here, never from SQL text, so a user cannot ask for another user's rows. Thread-safe.
class SessionRegistry {
 public:
  void Bind(uint64_t connection_id, Caller caller);
  void Unbind(uint64_t connection_id);
  /// nullopt for a connection with no caller (the engine's own admin connection).
  std::optional<Caller> Find(uint64_t connection_id) const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<uint64_t, Caller> sessions_;  // guarded by mu_
};

}  // namespace kalam::engine
