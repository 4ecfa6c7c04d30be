#pragma once

#include <string>

namespace kalam::sql {

/// KILL LIVE QUERY 'live_id'
struct KillLiveQuery {
  std::string live_id;
};

}  // namespace kalam::sql
