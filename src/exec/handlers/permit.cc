#include "exec/handlers/handlers.h"

namespace kalam::exec::handlers {

Status Permit(const Session& session, catalog::Action action, catalog::ObjectKind kind,
              std::string_view what) {
  return catalog::Require(session.caller.role, action, kind, what);
}

}  // namespace kalam::exec::handlers
