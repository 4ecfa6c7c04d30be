#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/value.h"

namespace kalam::engine {
class Engine;
}
namespace kalam::live {
class LiveManager;
}
namespace kalam::store {
class Store;
}

namespace kalam::server {

/// Where `system.stats` reads its figures; every pointer outlives the table's use.
struct StatsSources {
  const store::Store* store = nullptr;
  const engine::Engine* engine = nullptr;
  const live::LiveManager* live = nullptr;  // null until the live manager exists
  const Clock* clock = nullptr;
  int64_t started_at_us = 0;
  std::string version;
};

/// `system.stats`: `metric, value` (both text), one row per figure, read when queried: version,
/// uptime, process RSS, RocksDB memtables / block cache / table readers / files, DuckDB's memory,
/// the cold row cache, live subscriptions, and the engine's lookup and scan counters.
std::vector<ColumnInfo> StatsColumns();
std::vector<Row> StatsRows(const StatsSources& sources);

}  // namespace kalam::server
