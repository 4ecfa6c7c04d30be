#include "server/system_stats.h"

#include <unistd.h>

#include <fstream>

#include "api/ws_session.h"
#include "engine/engine.h"
#include "live/live_manager.h"
#include "store/store.h"

// jemalloc's control interface when the server runs on it (it does, except in sanitizer builds).
extern "C" int mallctl(const char* name, void* oldp, size_t* oldlenp, void* newp, size_t newlen) __attribute__((weak));
// DuckDB's release library carries its own jemalloc (prefixed) for its buffers and operator state.
extern "C" int duckdb_je_mallctl(const char* name, void* oldp, size_t* oldlenp, void* newp, size_t newlen)
    __attribute__((weak));

namespace kalam::server {
namespace {

using MallctlFn = int (*)(const char*, void*, size_t*, void*, size_t);

/// A jemalloc statistic (fresh: the stats epoch is advanced first); 0 without that allocator.
int64_t AllocatorStat(MallctlFn ctl, const char* name) {
  if (ctl == nullptr) return 0;
  uint64_t epoch = 1;
  size_t epoch_len = sizeof(epoch);
  ctl("epoch", &epoch, &epoch_len, &epoch, epoch_len);
  size_t value = 0;
  size_t len = sizeof(value);
  return ctl(name, &value, &len, nullptr, 0) == 0 ? static_cast<int64_t>(value) : 0;
}

/// Resident set size of this process (from /proc/self/statm); 0 where that is unavailable.
int64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t pages = 0, resident = 0;
  if (!(statm >> pages >> resident)) return 0;
  return resident * static_cast<int64_t>(::sysconf(_SC_PAGESIZE));
}

Row TextRow(std::string a, std::string b) { return Row{Value(std::move(a)), Value(std::move(b))}; }

}  // namespace

std::vector<ColumnInfo> StatsColumns() {
  auto text = DataType::Of(TypeId::kText);
  return {ColumnInfo{"metric", text, {"pk"}}, ColumnInfo{"value", text, {}}};
}

std::vector<Row> StatsRows(const StatsSources& s) {
  std::vector<Row> rows;
  auto add = [&](std::string metric, int64_t value) { rows.push_back(TextRow(std::move(metric), std::to_string(value))); };
  rows.push_back(TextRow("server_version", s.version));
  add("uptime_seconds", (s.clock->NowMicros() - s.started_at_us) / 1000000);
  add("memory_rss_bytes", ResidentBytes());
  add("heap_allocated_bytes", AllocatorStat(mallctl, "stats.allocated"));
  add("heap_resident_bytes", AllocatorStat(mallctl, "stats.resident"));
  const store::Store::Memory m = s.store->MemoryUsage();
  add("rocksdb_memtable_bytes", m.memtables);
  add("rocksdb_memtable_budget_bytes", m.memtable_budget);
  add("rocksdb_block_cache_bytes", m.block_cache);
  add("rocksdb_table_readers_bytes", m.table_readers);
  add("rocksdb_sst_bytes", m.sst_bytes);
  add("rocksdb_column_families", m.column_families);
  add("duckdb_memory_bytes", s.engine->duckdb_memory_bytes());
  add("duckdb_heap_allocated_bytes", AllocatorStat(duckdb_je_mallctl, "stats.allocated"));
  add("cold_row_cache_bytes", s.engine->cold_row_cache_bytes());
  add("live_subscriptions", s.live != nullptr ? s.live->count() : 0);
  add("ws_queued_bytes", api::QueuedWebSocketBytes());
  add("point_lookups", static_cast<int64_t>(s.engine->point_lookups()));
  add("top_reads", static_cast<int64_t>(s.engine->top_reads()));
  add("cold_rows_served", static_cast<int64_t>(s.engine->cold_rows_served()));
  add("table_scans", static_cast<int64_t>(s.engine->table_scans()));
  add("hot_rows_scanned", static_cast<int64_t>(s.engine->hot_rows_scanned()));
  return rows;
}

}  // namespace kalam::server
