#pragma once

#include <memory>

#include "common/status.h"
#include "config/config.h"

namespace kalam::server {

/// The whole server, wired from a configuration. Start-up order (CONTRACT §1): bind the port
/// (so a taken port fails before storage is touched) → open storage, catalog, engine → serve.
class Server {
 public:
  /// OBJECT_IN_USE "port N is already in use" when the port is taken (nothing opened);
  /// other errors when storage cannot be opened.
  static Result<std::unique_ptr<Server>> Start(const config::Config& config);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Graceful stop: no new connections, in-flight requests finish, WAL flushed. Idempotent.
  void Stop();
  int port() const;

 private:
  struct Parts;
  explicit Server(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace kalam::server
