#include "auth/password.h"

#include <mutex>

#include <sodium.h>

namespace kalam::auth {
namespace {

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] { KALAM_CHECK(sodium_init() >= 0); });
}

// Verified instead of a missing or malformed hash, so "no such user" costs the same time.
const std::string& DummyHash() {
  static const std::string hash = [] {
    char out[crypto_pwhash_STRBYTES];
    KALAM_CHECK(crypto_pwhash_str(out, "kalam-dummy", 11, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                  crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0);
    return std::string(out);
  }();
  return hash;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  InitSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status(ErrorCode::kInternal, "out of memory while hashing a password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  InitSodium();
  bool usable = hash.rfind("$argon2", 0) == 0;
  const std::string& target = usable ? hash : DummyHash();
  bool match = crypto_pwhash_str_verify(target.c_str(), password.data(), password.size()) == 0;
  return usable && match;
}

}  // namespace kalam::auth
