#pragma once

#include <string>

#include "sql/ast/live_query.h"

namespace kalam::sql {

/// SUBSCRIBE TO <live query>: answered over HTTP with how to subscribe on /v1/ws.
struct Subscribe {
  LiveQuery query;
  /// The query's text as written.
  std::string sql;
};

}  // namespace kalam::sql
