#pragma once

namespace kalam::sql {

/// CLEAR CACHE: drops every server cache (parsed statements, engine plans).
struct ClearCache {};

}  // namespace kalam::sql
