#include "catalog/user_record.h"

namespace kalam::catalog {

void UserRecord::Serialize(serde::Writer& w) const {
  w.WriteString("username", username.value());
  w.WriteEnum("role", role);
  w.WriteString("password_hash", password_hash);
  w.WriteOptionalString("email", email);
  w.WriteString("storage_mode", storage_mode);
  w.WriteOptionalString("storage_id", storage_id);
  w.WriteInt("created_at", created_at_us);
  w.WriteInt("updated_at", updated_at_us);
  w.WriteOptionalInt("last_login_at", last_login_at_us);
  w.WriteOptionalInt("locked_until", locked_until_us);
  w.WriteOptionalInt("deleted_at", deleted_at_us);
  w.WriteInt("failed_logins", failed_logins);
}

Result<UserRecord> UserRecord::Deserialize(const serde::Reader& r) {
  UserRecord u;
  KALAM_ASSIGN_OR_RETURN(auto name, r.ReadString("username"));
  u.username = UserId(std::move(name));
  KALAM_ASSIGN_OR_RETURN(u.role, r.ReadEnum<Role>("role"));
  KALAM_ASSIGN_OR_RETURN(u.password_hash, r.ReadString("password_hash"));
  KALAM_ASSIGN_OR_RETURN(u.email, r.ReadOptionalString("email"));
  KALAM_ASSIGN_OR_RETURN(u.storage_mode, r.ReadString("storage_mode"));
  KALAM_ASSIGN_OR_RETURN(u.storage_id, r.ReadOptionalString("storage_id"));
  KALAM_ASSIGN_OR_RETURN(u.created_at_us, r.ReadInt("created_at"));
  KALAM_ASSIGN_OR_RETURN(u.updated_at_us, r.ReadInt("updated_at"));
  KALAM_ASSIGN_OR_RETURN(u.last_login_at_us, r.ReadOptionalInt("last_login_at"));
  KALAM_ASSIGN_OR_RETURN(u.locked_until_us, r.ReadOptionalInt("locked_until"));
  KALAM_ASSIGN_OR_RETURN(u.deleted_at_us, r.ReadOptionalInt("deleted_at"));
  KALAM_ASSIGN_OR_RETURN(auto failed, r.ReadOptionalInt("failed_logins"));  // absent before 0.2
  u.failed_logins = failed.value_or(0);
  return u;
}

}  // namespace kalam::catalog
