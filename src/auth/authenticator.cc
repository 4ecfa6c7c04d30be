#include "auth/authenticator.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "auth/jwt.h"
#include "auth/password.h"
#include "common/base64.h"
#include "common/strings.h"
#include "common/time_format.h"

namespace kalam::auth {
namespace {

constexpr size_t kMaxCachedCredentials = 10000;
constexpr size_t kMaxCachedTokens = 10000;

Status BadPassword(std::string_view username) {
  return Status(ErrorCode::kInvalidCredentials,
                fmt::format("password authentication failed for user \"{}\"", username));
}

std::string Digest(std::string_view key, std::string_view username, std::string_view password) {
  std::string data(username);
  data.push_back('\0');
  data.append(password);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

enum class Scheme : uint8_t { kNone, kBasic, kBearer };

/// An Authorization header taken apart.
struct Credentials {
  Scheme scheme = Scheme::kNone;
  std::string_view token;  // Bearer
  bool basic_ok = false;   // Basic: decoded and has a colon
  std::string username;
  std::string password;
};

Credentials SplitAuthorization(std::string_view authorization) {
  Credentials c;
  auto space = authorization.find(' ');
  std::string_view scheme = authorization.substr(0, space);
  std::string_view rest = space == std::string_view::npos ? "" : authorization.substr(space + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest.empty()) return c;
  if (EqualsIgnoreCase(scheme, "Bearer")) {
    c.scheme = Scheme::kBearer;
    c.token = rest;
  } else if (EqualsIgnoreCase(scheme, "Basic")) {
    c.scheme = Scheme::kBasic;
    std::string decoded;
    if (!Base64Decode(rest, &decoded)) return c;
    auto colon = decoded.find(':');
    if (colon == std::string::npos) return c;
    c.basic_ok = true;
    c.username = decoded.substr(0, colon);
    c.password = decoded.substr(colon + 1);
  }
  return c;
}

}  // namespace

bool IsLoopback(std::string_view addr) {
  return addr.rfind("127.", 0) == 0 || addr == "::1" || addr.rfind("::ffff:127.", 0) == 0;
}

Authenticator::Authenticator(AuthOptions options, UserLookup lookup, const Clock* clock,
                             LoginObserver observer)
    : options_(std::move(options)), lookup_(std::move(lookup)), observer_(std::move(observer)), clock_(clock) {
  cache_key_.resize(32);
  KALAM_CHECK(RAND_bytes(reinterpret_cast<unsigned char*>(cache_key_.data()), 32) == 1);
}

bool Authenticator::CachedMatch(const std::string& digest, const std::string& hash) {
  std::lock_guard lock(mu_);
  auto it = verified_.find(digest);
  return it != verified_.end() && it->second == hash;
}

void Authenticator::RememberMatch(const std::string& digest, const std::string& hash) {
  std::lock_guard lock(mu_);
  if (verified_.size() >= kMaxCachedCredentials) verified_.clear();
  verified_.insert_or_assign(digest, hash);
}

Result<Caller> Authenticator::CheckPassword(std::string_view username, std::string_view password,
                                            std::string_view client_addr) {
  auto principal = lookup_(UserId(std::string(username)));
  if (!principal) {
    VerifyPassword(password, "");  // same cost as a wrong password
    Observe(username, LoginOutcome::kNoSuchUser, client_addr);
    return BadPassword(username);
  }
  if (principal->locked_until_us && *principal->locked_until_us > clock_->NowMicros()) {
    Observe(username, LoginOutcome::kLocked, client_addr);
    return Status(ErrorCode::kInvalidCredentials,
                  fmt::format("user \"{}\" is locked after too many failed logins: try again after {}",
                              username, FormatTimestampMicros(*principal->locked_until_us)));
  }
  Caller caller{principal->username, principal->role, std::string(client_addr)};
  if (principal->password_hash.empty()) {
    // No password: only an empty one, only from this machine (CONTRACT §1).
    if (password.empty() && IsLoopback(client_addr)) return caller;
    return BadPassword(username);
  }
  std::string digest = Digest(cache_key_, username, password);
  if (CachedMatch(digest, principal->password_hash)) {
    if (principal->failed_logins > 0) Observe(username, LoginOutcome::kSuccess, client_addr);
    return caller;
  }
  if (!VerifyPassword(password, principal->password_hash)) {
    Observe(username, LoginOutcome::kWrongPassword, client_addr);
    return BadPassword(username);
  }
  RememberMatch(digest, principal->password_hash);
  Observe(username, LoginOutcome::kSuccess, client_addr);
  return caller;
}

bool Authenticator::TokenEqual::operator()(std::string_view a, std::string_view b) const {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::optional<TokenClaims> Authenticator::VerifiedClaims(std::string_view token) {
  std::lock_guard lock(token_mu_);
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return std::nullopt;
  return it->second;
}

void Authenticator::RememberClaims(std::string_view token, const TokenClaims& claims) {
  std::lock_guard lock(token_mu_);
  if (tokens_.size() >= kMaxCachedTokens) tokens_.clear();
  tokens_.insert_or_assign(std::string(token), claims);
}

Result<Caller> Authenticator::CheckToken(std::string_view token, std::string_view client_addr) {
  const int64_t now_s = clock_->NowMicros() / 1000000;
  std::optional<TokenClaims> cached = VerifiedClaims(token);
  if (cached && cached->expires_at_s <= now_s) return Status(ErrorCode::kTokenExpired, "token has expired");
  TokenClaims claims;
  if (cached) {
    claims = std::move(*cached);
  } else {
    signature_checks_.fetch_add(1, std::memory_order_relaxed);
    KALAM_ASSIGN_OR_RETURN(claims, VerifyToken(token, options_.jwt_secret, now_s));
    RememberClaims(token, claims);
  }
  auto principal = lookup_(claims.subject);
  if (!principal || principal->role != claims.role) {
    return Status(ErrorCode::kInvalidCredentials, "token is no longer valid: log in again");
  }
  return Caller{principal->username, principal->role, std::string(client_addr)};
}

Result<Caller> Authenticator::Authenticate(std::string_view authorization,
                                           std::string_view client_addr) {
  Credentials c = SplitAuthorization(authorization);
  if (c.scheme == Scheme::kBearer) return CheckToken(c.token, client_addr);
  if (c.scheme == Scheme::kBasic) {
    if (!c.basic_ok) return Status(ErrorCode::kInvalidCredentials, "malformed Basic authorization header");
    return CheckPassword(c.username, c.password, client_addr);
  }
  return Status(ErrorCode::kMissingAuthorization,
                "authentication required: send an Authorization header (Basic or Bearer)");
}

bool Authenticator::IsQuick(std::string_view authorization) {
  Credentials c = SplitAuthorization(authorization);
  if (c.scheme != Scheme::kBasic || !c.basic_ok) return true;  // a token, or an error
  auto principal = lookup_(UserId(c.username));
  if (!principal) return false;  // the dummy hash keeps "no such user" as slow as a wrong password
  if (principal->password_hash.empty()) return true;
  if (principal->locked_until_us && *principal->locked_until_us > clock_->NowMicros()) return true;
  return CachedMatch(Digest(cache_key_, c.username, c.password), principal->password_hash);
}

IssuedToken Authenticator::IssueToken(const Caller& caller) const {
  int64_t now_s = clock_->NowMicros() / 1000000;
  int64_t exp_s = now_s + static_cast<int64_t>(options_.jwt_expiry_hours) * 3600;
  TokenClaims claims{caller.username, caller.role, now_s, exp_s};
  return IssuedToken{SignToken(claims, options_.jwt_secret), exp_s * 1000000};
}

}  // namespace kalam::auth
