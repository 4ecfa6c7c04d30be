#pragma once

#include <mutex>
#include <string_view>

#include "auth/authenticator.h"
#include "catalog/catalog.h"
#include "common/clock.h"

namespace kalam::server {

/// The authenticator's LoginObserver: keeps lockout state and last_login_at in system.users and
/// writes every password check to system.audit_log (LOGIN / LOGIN_FAILED).
class LoginRecorder {
 public:
  /// `max_failed` wrong passwords in a row lock the account for `lockout_seconds` (0 = never).
  LoginRecorder(catalog::Catalog* catalog, const Clock* clock, int max_failed, int lockout_seconds)
      : catalog_(catalog), clock_(clock), max_failed_(max_failed), lockout_seconds_(lockout_seconds) {}

  void Record(std::string_view username, auth::LoginOutcome outcome, std::string_view client_addr);

 private:
  catalog::Catalog* catalog_;
  const Clock* clock_;
  int max_failed_;
  int lockout_seconds_;
  std::mutex mu_;  // serialises read-modify-write of the user records
};

}  // namespace kalam::server
