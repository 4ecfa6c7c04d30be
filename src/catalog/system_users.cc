#include "catalog/system_users.h"

namespace kalam::catalog {
SystemTable MakeUsersTable(const UserCatalog* users) {
  SystemTable t;
  t.name = "users";
  const DataType text = DataType::Of(TypeId::kText);
  const DataType time = DataType::Of(TypeId::kTimestamp);
  t.columns = {
      {"username", text, {"pk", "nn"}}, {"role", text, {"nn"}},         {"email", text, {}},
      {"storage_mode", text, {"nn"}},   {"storage_id", text, {}},       {"created_at", time, {"nn"}},
      {"updated_at", time, {"nn"}},     {"last_login_at", time, {}},    {"locked_until", time, {}},
      {"deleted_at", time, {}},
  };
  t.any_role = false;
  t.rows = [users](const Caller&) -> Result<std::vector<Row>> {
    std::vector<Row> rows;
    for (const auto& u : users->List()) {
      rows.push_back(Row{u.username.value(), std::string(ToString(u.role)), ValueOrNull(u.email),
                         u.storage_mode, ValueOrNull(u.storage_id), u.created_at_us, u.updated_at_us,
                         ValueOrNull(u.last_login_at_us), ValueOrNull(u.locked_until_us),
                         ValueOrNull(u.deleted_at_us)});
    }
    return rows;
  };
  return t;
}

}  // namespace kalam::catalog
