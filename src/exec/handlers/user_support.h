#pragma once

#include <string_view>

#include "catalog/user_record.h"
#include "exec/exec_context.h"
#include "exec/session.h"

namespace kalam::exec::handlers {

// Helpers shared by the user-management handlers.

/// The Argon2id hash of a new password; INVALID_PARAMETER when it is shorter than the minimum.
Result<std::string> NewPasswordHash(std::string_view password, ExecContext& ctx);
/// The active (not dropped) user; INVALID_PARAMETER `role "x" does not exist` otherwise.
Result<catalog::UserRecord> ActiveUser(const UserId& name, ExecContext& ctx);
/// PERMISSION_DENIED when the caller is not system and the target is a system user (root): a dba
/// must not take over the system role by changing its password.
Status RequireMayManage(const catalog::UserRecord& target, const Session& session, std::string_view what);

}  // namespace kalam::exec::handlers
