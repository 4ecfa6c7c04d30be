#pragma once

#include <optional>
#include <string_view>

#include "catalog/catalog.h"
#include "common/caller.h"
#include "common/status.h"
#include "duckdb.hpp"
#include "duckdb/parser/sql_statement.hpp"

namespace kalam::engine::internal {

/// What the gate checks a statement against.
struct GateContext {
  const catalog::Catalog* catalog = nullptr;
  const Caller* caller = nullptr;
  const std::optional<NamespaceId>* default_namespace = nullptr;
  /// The statement text, for 1-based error positions.
  std::string_view sql;
  /// What now() and its kin answer (UTC microseconds): the statement's instant.
  int64_t now_us = 0;
};

/// The gate (shared/DESIGN.md): lets a statement reach DuckDB only if it is one SELECT whose
/// every relation is a KalamDB table the caller may read, a CTE in scope, or a whitelisted table
/// function (range, generate_series, unnest), with no engine-introspection functions.
/// Rewrites `system.x` to the hidden view of that system table in place.
/// PERMISSION_DENIED, TABLE_NOT_FOUND or NAMESPACE_NOT_FOUND otherwise.
Status CheckAndRewrite(duckdb::SQLStatement& statement, const GateContext& ctx);

}  // namespace kalam::engine::internal
