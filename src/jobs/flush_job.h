#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "catalog/table_record.h"
#include "jobs/job_context.h"

namespace kalam::jobs {

struct FlushStats {
  int64_t rows = 0;        // row versions moved to Parquet (tombstones included)
  int64_t files = 0;       // Parquet files written
  int64_t partitions = 0;  // users (USER table) or 1 (SHARED) with rows to flush
  int64_t most_files = 0;  // the most files a flushed partition has now
  /// (family, first key, last key) the flush deleted from the hot store: compacting them away
  /// spares later scans from skipping the deleted keys one by one.
  std::vector<std::tuple<std::string, std::string, std::string>> deleted_ranges;
};

/// Moves every hot row version of a USER or SHARED table to Parquet (CONTRACT §4), one
/// partition at a time: reads the partition under a snapshot, writes `batch-N.parquet` through
/// DuckDB into the partition's directory, then — in the shard writer's exclusive turn, so no write
/// interleaves — deletes each hot version that is still the newest, records the flushed keys in
/// the cold index and appends the segment to the manifest in one atomic write; finally exports
/// `manifest.json`. A crash at any point loses no row and duplicates none: before the atomic write
/// the file is unreferenced (and the next flush overwrites it), after it the hot versions are gone.
/// FEATURE_NOT_SUPPORTED for STREAM tables. When `cancel` becomes true, stops before the next
/// partition with QUERY_CANCELED (the partitions flushed so far stay flushed).
Result<FlushStats> FlushTable(const catalog::TableRecord& table, const std::string& job_id, const JobContext& ctx,
                              const std::atomic<bool>* cancel = nullptr);

}  // namespace kalam::jobs
