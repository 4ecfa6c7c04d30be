#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "auth/authenticator.h"
#include "common/clock.h"
#include "exec/executor.h"

namespace kalam::live {
class LiveManager;
}  // namespace kalam::live
namespace kalam::jobs {
class JobManager;
}  // namespace kalam::jobs
namespace kalam::exec {
class UserFiles;
}  // namespace kalam::exec

namespace kalam::api {

/// WebSocket limits ([websocket]).
struct WsOptions {
  int heartbeat_seconds = 30;
  int auth_timeout_seconds = 10;
  int64_t max_message_bytes = 1 << 20;
  int64_t max_queued_frames = 10000;
  int64_t max_queued_bytes = 64LL << 20;
};

/// What the routes use. Non-owning; everything outlives the server.
struct ApiContext {
  auth::Authenticator* authenticator = nullptr;
  exec::Executor* executor = nullptr;
  const Clock* clock = nullptr;
  int64_t started_at_us = 0;
  int64_t max_sql_bytes = 1 << 20;
  std::string version;
  /// Live queries on /v1/ws; null = none.
  live::LiveManager* live = nullptr;
  /// Background jobs (user exports to download); null = none.
  jobs::JobManager* jobs = nullptr;
  /// Per-user files (/v1/files); null = none.
  exec::UserFiles* files = nullptr;
  WsOptions ws = {};
};

}  // namespace kalam::api
