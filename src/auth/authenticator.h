#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/jwt.h"
#include "common/caller.h"
#include "common/clock.h"
#include "common/status.h"
#include "common/strings.h"

namespace kalam::auth {

/// What authentication needs to know of a user.
struct Principal {
  UserId username{std::string()};
  Role role = Role::kUser;
  /// Argon2id string; empty = no password (allowed from loopback only).
  std::string password_hash;
  /// While in the future, every password is refused without being checked.
  std::optional<int64_t> locked_until_us;
  /// Failed checks since the last success (a success is reported when this is non-zero).
  int64_t failed_logins = 0;
};

/// The outcome of a password check, for lockout bookkeeping and the audit log.
enum class LoginOutcome : uint8_t { kSuccess, kWrongPassword, kNoSuchUser, kLocked };

/// Told about password checks (not about cached successes of an unlocked user). Must be
/// thread-safe; runs on the checking thread.
using LoginObserver =
    std::function<void(std::string_view username, LoginOutcome outcome, std::string_view client_addr)>;

/// Looks a user up (a dropped user is absent). Must be thread-safe.
using UserLookup = std::function<std::optional<Principal>(const UserId&)>;

struct AuthOptions {
  std::string jwt_secret;
  int jwt_expiry_hours = 24;
};

/// An issued access token.
struct IssuedToken {
  std::string token;
  int64_t expires_at_us = 0;
};

/// Checks credentials (HTTP Basic, Bearer JWT, username/password) and issues tokens.
/// Thread-safe.
class Authenticator {
 public:
  Authenticator(AuthOptions options, UserLookup lookup, const Clock* clock,
                LoginObserver observer = nullptr);

  /// Authenticates an `Authorization` header value ("Basic …" or "Bearer …").
  /// MISSING_AUTHORIZATION when empty or of another scheme; INVALID_CREDENTIALS for a wrong
  /// password, unknown user, forged token or a token whose user was dropped or changed role;
  /// TOKEN_EXPIRED for an expired token.
  Result<Caller> Authenticate(std::string_view authorization, std::string_view client_addr);
  /// Username + password. INVALID_CREDENTIALS (28P01) with PostgreSQL's wording otherwise.
  Result<Caller> CheckPassword(std::string_view username, std::string_view password,
                               std::string_view client_addr);
  /// A bearer token's caller, checked against the user's current record.
  Result<Caller> CheckToken(std::string_view token, std::string_view client_addr);
  /// True when authenticating this header costs no password hashing (a Bearer token, a cached or
  /// empty password, a locked account): safe on an I/O thread.
  bool IsQuick(std::string_view authorization);
  /// Issues an HS256 token for the caller, valid for `jwt_expiry_hours`.
  IssuedToken IssueToken(const Caller& caller) const;
  /// How many token signatures were checked (a remembered token is not checked again).
  uint64_t token_signature_checks() const { return signature_checks_.load(std::memory_order_relaxed); }

 private:
  bool CachedMatch(const std::string& digest, const std::string& hash);
  void RememberMatch(const std::string& digest, const std::string& hash);
  /// The claims of a token whose signature was verified before (exact bytes), if remembered.
  std::optional<TokenClaims> VerifiedClaims(std::string_view token);
  void RememberClaims(std::string_view token, const TokenClaims& claims);

  void Observe(std::string_view username, LoginOutcome outcome, std::string_view client_addr) const {
    if (observer_) observer_(username, outcome, client_addr);
  }

  AuthOptions options_;
  UserLookup lookup_;
  LoginObserver observer_;
  const Clock* clock_;
  std::string cache_key_;  // random per process: cache digests are useless elsewhere
  std::mutex mu_;
  // HMAC(cache_key_, user \0 password) → password hash that matched. Basic auth would otherwise
  // pay one Argon2id (~50 ms) per request; an entry dies with any password change.
  std::unordered_map<std::string, std::string> verified_;  // guarded by mu_

  /// Compares cached tokens in constant time: a lookup tells nothing of a token's bytes.
  struct TokenEqual {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const;
  };
  std::mutex token_mu_;
  std::atomic<uint64_t> signature_checks_{0};
  // Token text → its claims, for tokens whose HS256 signature checked out: verifying one costs
  // base64, HMAC and two JSON parses (~7 µs, a fifth of a point lookup). Expiry and the user's
  // current record are still checked on every request.
  std::unordered_map<std::string, TokenClaims, StringHash, TokenEqual> tokens_;  // token_mu_
};

/// True for 127.0.0.0/8, ::1 and ::ffff:127.x addresses.
bool IsLoopback(std::string_view addr);

}  // namespace kalam::auth
