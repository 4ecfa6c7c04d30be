#pragma once

#include "catalog/catalog.h"
#include "common/clock.h"
#include "common/status.h"
#include "duckdb.hpp"
#include "engine/session_registry.h"
#include "store/store.h"

namespace kalam::engine::internal {

/// Everything the scan reads; owned by the engine, alive as long as the database.
struct ScanContext {
  const catalog::Catalog* catalog = nullptr;
  const store::Store* store = nullptr;
  const SessionRegistry* sessions = nullptr;
  const Clock* clock = nullptr;
  int user_shards = 1;
};

/// Registers `kalam_scan(ns, table)`: the rows of a KalamDB table that the connection's caller may
/// see — for USER and STREAM tables only the caller's own partition, whatever the role. Columns
/// are the declared ones plus `_seq` and `_deleted`. A `pk = constant` filter becomes a single
/// RocksDB seek instead of a partition scan. Deleted (and, for STREAM, expired) rows never appear.
Status RegisterTableScan(duckdb::Connection& admin, const ScanContext* ctx);

}  // namespace kalam::engine::internal
