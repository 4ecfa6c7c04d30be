#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace kalam::auth {

/// Argon2id hash (libsodium crypto_pwhash_str, interactive limits) with a random salt.
/// INTERNAL_ERROR when libsodium cannot allocate its memory.
Result<std::string> HashPassword(std::string_view password);

/// Constant-time check of `password` against a HashPassword() string. An empty or malformed
/// hash never matches, but still costs one Argon2id verification (no timing oracle).
bool VerifyPassword(std::string_view password, const std::string& hash);

}  // namespace kalam::auth
