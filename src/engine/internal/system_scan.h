#pragma once

#include "catalog/system_table.h"
#include "common/status.h"
#include "duckdb.hpp"
#include "engine/session_registry.h"

namespace kalam::engine::internal {

/// Schema of the hidden views over system tables. `$` keeps it out of KalamDB's identifier
/// space, so no namespace can collide with it and users cannot name it past the gate.
inline constexpr const char* kSystemSchema = "kalam$system";

/// Adds a table function to the engine's system catalog (on the admin connection).
void RegisterTableFunction(duckdb::Connection& admin, duckdb::TableFunction fn);
/// Adds a scalar function to the engine's system catalog (on the admin connection); with
/// `overload`, to the overloads of DuckDB's function of that name.
void RegisterScalarFunction(duckdb::Connection& admin, duckdb::ScalarFunction fn, bool overload = false);

/// Registers `kalam_system(name)`: the rows of a system table for the caller of the running
/// connection (from `sessions`), and a view kalam$system.<name> per system table.
/// Must run on the admin connection before the configuration is locked.
/// DuckDB exceptions escape (the caller wraps it with FromEngine).
Status RegisterSystemTables(duckdb::Connection& admin, const catalog::SystemTableRegistry* tables,
                            const SessionRegistry* sessions);

}  // namespace kalam::engine::internal
