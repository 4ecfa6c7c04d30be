#pragma once

#include <cstdint>

#include "catalog/table_record.h"
#include "common/status.h"
#include "jobs/job_context.h"

namespace kalam::jobs {

/// Removes the rows of a STREAM table whose version (_seq) is older than its TTL_SECONDS as of
/// `now_ms` (reads already hide them; this frees the space). Keys are re-checked on the writer
/// thread of their user's shard, so a row written meanwhile is never removed. Returns how many rows
/// were removed. Tables without a TTL are left alone.
Result<int64_t> EvictExpiredStreamRows(const catalog::TableRecord& table, const JobContext& ctx, int64_t now_ms);

}  // namespace kalam::jobs
