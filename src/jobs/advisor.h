#pragma once

#include <cstdint>
#include <vector>

#include "catalog/catalog.h"
#include "common/clock.h"
#include "common/value.h"
#include "store/store.h"

namespace kalam::jobs {

/// What the advisor looks at. Non-owning.
struct AdvisorInputs {
  const catalog::Catalog* catalog = nullptr;
  const store::Store* store = nullptr;
  const Clock* clock = nullptr;
  int user_shards = 4;
  /// [flush] default_row_limit, for tables whose FLUSH_POLICY names no row count.
  int64_t flush_rows = 10000;
  bool sync_writes = true;
  int64_t started_at_us = 0;
};

/// A table with more hot rows than this many times its flush row limit is behind on flushing.
inline constexpr int64_t kFlushBehindFactor = 10;
/// Failed jobs are advice for this long after they ended.
inline constexpr int64_t kFailedJobAdviceUs = 24LL * 3600 * 1000000;

/// system.advice (CONTRACT §3): advice_id, rule, severity, target, message, created_at.
std::vector<ColumnInfo> AdviceColumns();

/// The advice that applies now, worst first — computed when read, so it is never stale:
///   root_password_empty   (warning)  root has no password (loopback logins with an empty one only)
///   sync_writes_off       (info)     writes are acknowledged before they reach the disk
///   stream_without_ttl    (warning)  a STREAM table whose rows never expire
///   flush_behind          (warning)  a table with over kFlushBehindFactor × its flush row limit hot
///   job_failed            (warning)  a job that failed in the last 24 hours
/// `advice_id` is `AD-` + 12 hex digits of a hash of (rule, target): the same advice keeps its id;
/// `created_at` is when the condition began where that is known (the user, the table, the job's
/// end, the server's start), else now.
std::vector<Row> AdviceRows(const AdvisorInputs& in);

}  // namespace kalam::jobs
