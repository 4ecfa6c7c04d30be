#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/table_record.h"
#include "jobs/job_context.h"

namespace kalam::jobs {

/// A file no manifest references any more, deleted once no query that might read it runs.
struct ReplacedFile {
  catalog::StorageRecord storage;
  std::string path;
  /// Engine::QueryClock() when it was replaced: queries started up to then may still read it.
  uint64_t query_clock = 0;
};

struct CompactStats {
  int64_t partitions = 0;    // partitions compacted
  int64_t files_before = 0;  // their files before
  int64_t files_after = 0;   // and after (0 when every row was deleted)
  int64_t rows = 0;          // rows in the new files
};

/// Compacts every partition (a user's files of a USER table, a SHARED table's files) that has at
/// least `min_files` files: one new `batch-N.parquet` with the newest version of each key and no
/// tombstones (they have nothing older left to hide), then one manifest write that swaps it in.
/// The replaced files are appended to `replaced` for deletion later. Runs on the job worker,
/// never beside a flush of the same table. When `cancel` becomes true, stops before the next
/// partition with QUERY_CANCELED (the partitions compacted so far stay compacted).
Result<CompactStats> CompactTable(const catalog::TableRecord& table, const std::string& job_id, int64_t min_files,
                                  const JobContext& ctx, std::vector<ReplacedFile>& replaced,
                                  const std::atomic<bool>* cancel = nullptr);

}  // namespace kalam::jobs
