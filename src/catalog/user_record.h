#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/enums.h"
#include "common/ids.h"
#include "serde/serde.h"

namespace kalam::catalog {

/// A user (system.users). The password hash is stored but never shown.
struct UserRecord {
  UserId username{std::string()};
  Role role = Role::kUser;
  /// Argon2id string of libsodium's crypto_pwhash_str; empty = no password set.
  std::string password_hash;
  std::optional<std::string> email;
  std::string storage_mode = "table";
  std::optional<std::string> storage_id;
  int64_t created_at_us = 0;
  int64_t updated_at_us = 0;
  std::optional<int64_t> last_login_at_us;
  std::optional<int64_t> locked_until_us;
  std::optional<int64_t> deleted_at_us;
  /// Failed password checks since the last success or lockout.
  int64_t failed_logins = 0;

  /// A dropped user keeps its record (with deleted_at) but can neither log in nor be acted as.
  bool IsActive() const { return !deleted_at_us.has_value(); }

  std::string Key() const { return username.value(); }
  void Serialize(serde::Writer& w) const;
  static Result<UserRecord> Deserialize(const serde::Reader& r);
};

}  // namespace kalam::catalog
