#pragma once

#include <optional>
#include <vector>

#include "catalog/record_table.h"
#include "catalog/user_record.h"

namespace kalam::catalog {

/// The users (system.users). Thread-safe.
class UserCatalog {
 public:
  UserCatalog(store::Store* store, serde::Format format) : table_(store, format, "user/") {}

  Status Load() { return table_.Load(); }
  /// The record, dropped users included (see UserRecord::IsActive).
  std::optional<UserRecord> Get(const UserId& username) const { return table_.Get(username.value()); }
  /// The record of a user that exists and was not dropped.
  std::optional<UserRecord> GetActive(const UserId& username) const {
    auto user = Get(username);
    if (user && !user->IsActive()) return std::nullopt;
    return user;
  }
  std::vector<UserRecord> List() const { return table_.List(); }
  /// Creates or replaces the user record (durable).
  Status Put(const UserRecord& user) { return table_.Put(user); }
  /// Creates the user only when absent; false when it existed.
  Result<bool> Insert(const UserRecord& user) { return table_.Insert(user); }
  /// Removes the user; false when absent. Tokens of a removed user stop working at once.
  Result<bool> Remove(const UserId& username) { return table_.Remove(username.value()); }

 private:
  RecordTable<UserRecord> table_;
};

}  // namespace kalam::catalog
