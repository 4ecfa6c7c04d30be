#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/caller.h"
#include "common/clock.h"
#include "common/status.h"

namespace kalam::auth {

/// What authentication needs to know of a user.
struct Principal {
  UserId username{std::string()};
  Role role = Role::kUser;
  /// Argon2id string; empty = no password (allowed from loopback only).
  std::string password_hash;
};

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
  Authenticator(AuthOptions options, UserLookup lookup, const Clock* clock);

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
  /// Issues an HS256 token for the caller, valid for `jwt_expiry_hours`.
  IssuedToken IssueToken(const Caller& caller) const;

 private:
  bool CachedMatch(const std::string& digest, const std::string& hash);
  void RememberMatch(const std::string& digest, const std::string& hash);

  AuthOptions options_;
  UserLookup lookup_;
  const Clock* clock_;
  std::string cache_key_;  // random per process: cache digests are useless elsewhere
  std::mutex mu_;
  // HMAC(cache_key_, user \0 password) → password hash that matched. Basic auth would otherwise
  // pay one Argon2id (~50 ms) per request; an entry dies with any password change.
  std::unordered_map<std::string, std::string> verified_;  // guarded by mu_
};

/// True for 127.0.0.0/8, ::1 and ::ffff:127.x addresses.
bool IsLoopback(std::string_view addr);

}  // namespace kalam::auth
