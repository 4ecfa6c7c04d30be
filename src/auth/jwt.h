#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/enums.h"
#include "common/ids.h"
#include "common/status.h"

namespace kalam::auth {

/// The claims KalamDB puts in its tokens (CONTRACT §2).
struct TokenClaims {
  UserId subject{std::string()};
  Role role = Role::kUser;
  int64_t issued_at_s = 0;
  int64_t expires_at_s = 0;
};

/// Signs the claims as an HS256 JWT.
std::string SignToken(const TokenClaims& claims, std::string_view secret);

/// Verifies signature, algorithm and expiry against `now_s`. INVALID_CREDENTIALS for a malformed
/// or forged token, TOKEN_EXPIRED for an expired one.
Result<TokenClaims> VerifyToken(std::string_view token, std::string_view secret, int64_t now_s);

}  // namespace kalam::auth
