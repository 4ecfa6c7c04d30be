#include "auth/authenticator.h"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "auth/jwt.h"
#include "auth/password.h"
#include "common/base64.h"
#include "common/strings.h"

namespace kalam::auth {
namespace {

constexpr size_t kMaxCachedCredentials = 10000;

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

}  // namespace

bool IsLoopback(std::string_view addr) {
  return addr.rfind("127.", 0) == 0 || addr == "::1" || addr.rfind("::ffff:127.", 0) == 0;
}

Authenticator::Authenticator(AuthOptions options, UserLookup lookup, const Clock* clock)
    : options_(std::move(options)), lookup_(std::move(lookup)), clock_(clock) {
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
    return BadPassword(username);
  }
  Caller caller{principal->username, principal->role, std::string(client_addr)};
  if (principal->password_hash.empty()) {
    // No password: only an empty one, only from this machine (CONTRACT §1).
    if (password.empty() && IsLoopback(client_addr)) return caller;
    return BadPassword(username);
  }
  std::string digest = Digest(cache_key_, username, password);
  if (CachedMatch(digest, principal->password_hash)) return caller;
  if (!VerifyPassword(password, principal->password_hash)) return BadPassword(username);
  RememberMatch(digest, principal->password_hash);
  return caller;
}

Result<Caller> Authenticator::CheckToken(std::string_view token, std::string_view client_addr) {
  KALAM_ASSIGN_OR_RETURN(TokenClaims claims,
                         VerifyToken(token, options_.jwt_secret, clock_->NowMicros() / 1000000));
  auto principal = lookup_(claims.subject);
  if (!principal || principal->role != claims.role) {
    return Status(ErrorCode::kInvalidCredentials, "token is no longer valid: log in again");
  }
  return Caller{principal->username, principal->role, std::string(client_addr)};
}

Result<Caller> Authenticator::Authenticate(std::string_view authorization,
                                           std::string_view client_addr) {
  auto space = authorization.find(' ');
  std::string_view scheme = authorization.substr(0, space);
  std::string_view rest = space == std::string_view::npos ? "" : authorization.substr(space + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (EqualsIgnoreCase(scheme, "Bearer") && !rest.empty()) return CheckToken(rest, client_addr);
  if (EqualsIgnoreCase(scheme, "Basic") && !rest.empty()) {
    std::string decoded;
    auto colon = std::string::npos;
    if (Base64Decode(rest, &decoded)) colon = decoded.find(':');
    if (colon == std::string::npos) {
      return Status(ErrorCode::kInvalidCredentials, "malformed Basic authorization header");
    }
    return CheckPassword(std::string_view(decoded).substr(0, colon),
                         std::string_view(decoded).substr(colon + 1), client_addr);
  }
  return Status(ErrorCode::kMissingAuthorization,
                "authentication required: send an Authorization header (Basic or Bearer)");
}

IssuedToken Authenticator::IssueToken(const Caller& caller) const {
  int64_t now_s = clock_->NowMicros() / 1000000;
  int64_t exp_s = now_s + static_cast<int64_t>(options_.jwt_expiry_hours) * 3600;
  TokenClaims claims{caller.username, caller.role, now_s, exp_s};
  return IssuedToken{SignToken(claims, options_.jwt_secret), exp_s * 1000000};
}

}  // namespace kalam::auth
