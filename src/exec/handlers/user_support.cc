#include "exec/handlers/user_support.h"

#include <fmt/format.h>

namespace kalam::exec::handlers {
namespace {
constexpr size_t kMinPasswordLength = 8;
}  // namespace

Result<std::string> NewPasswordHash(std::string_view password, ExecContext& ctx) {
  if (password.size() < kMinPasswordLength) {
    return Status(ErrorCode::kInvalidParameter,
                  fmt::format("password must be at least {} characters", kMinPasswordLength));
  }
  return ctx.hash_password(password);
}

Result<catalog::UserRecord> ActiveUser(const UserId& name, ExecContext& ctx) {
  auto user = ctx.catalog->users().GetActive(name);
  if (!user) return Status(ErrorCode::kInvalidParameter, fmt::format("role \"{}\" does not exist", name));
  return *user;
}

Status RequireMayManage(const catalog::UserRecord& target, const Session& session, std::string_view what) {
  if (target.role == Role::kSystem && session.caller.role != Role::kSystem) {
    return Status(ErrorCode::kPermissionDenied,
                  fmt::format("permission denied to {} system user \"{}\"", what, target.username));
  }
  return Status::OK();
}

}  // namespace kalam::exec::handlers
