#include "server/login_recorder.h"

#include <fmt/format.h>

namespace kalam::server {

void LoginRecorder::Record(std::string_view username, auth::LoginOutcome outcome, std::string_view client_addr) {
  const std::string name(username);
  const std::string addr(client_addr);
  catalog::AuditLog& audit = catalog_->audit();
  if (outcome == auth::LoginOutcome::kNoSuchUser) {
    audit.Append("", "LOGIN_FAILED", name, "no such user", addr);
    return;
  }
  if (outcome == auth::LoginOutcome::kLocked) {
    audit.Append(name, "LOGIN_FAILED", name, "account locked", addr);
    return;
  }
  std::lock_guard lock(mu_);
  auto user = catalog_->users().GetActive(UserId(name));
  if (!user) return;
  const int64_t now = clock_->NowMicros();
  std::string details;
  if (outcome == auth::LoginOutcome::kSuccess) {
    user->failed_logins = 0;
    user->locked_until_us.reset();
    user->last_login_at_us = now;
  } else {
    details = "wrong password";
    if (++user->failed_logins >= max_failed_ && max_failed_ > 0) {
      user->locked_until_us = now + int64_t{lockout_seconds_} * 1000000;
      details = fmt::format("wrong password; locked for {} s after {} failed logins", lockout_seconds_,
                            user->failed_logins);
      user->failed_logins = 0;
    }
  }
  (void)catalog_->users().Put(*user);  // best effort: a failed write must not fail the login
  audit.Append(name, outcome == auth::LoginOutcome::kSuccess ? "LOGIN" : "LOGIN_FAILED", name,
               std::move(details), addr);
}

}  // namespace kalam::server
