#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "auth/authenticator.h"
#include "common/clock.h"
#include "exec/executor.h"

namespace kalam::api {

/// What the routes use. Non-owning; everything outlives the server.
struct ApiContext {
  auth::Authenticator* authenticator = nullptr;
  exec::Executor* executor = nullptr;
  const Clock* clock = nullptr;
  int64_t started_at_us = 0;
  int64_t max_sql_bytes = 1 << 20;
  std::string version;
};

}  // namespace kalam::api
