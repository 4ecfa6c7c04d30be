#pragma once

#include <vector>

#include "sql/ast/table_ref.h"

namespace kalam::sql {

/// TRUNCATE [TABLE] [ONLY] t [, …] [RESTART IDENTITY | CONTINUE IDENTITY] [CASCADE | RESTRICT]:
/// PostgreSQL's "delete every row", here a DELETE without WHERE of each table (the caller's rows of
/// a USER or STREAM table). The identity and cascade options change nothing: there are no
/// sequences or foreign keys.
struct Truncate {
  std::vector<TableRef> tables;
};

}  // namespace kalam::sql
