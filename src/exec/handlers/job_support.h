#pragma once

#include "exec/handlers/table_support.h"
#include "exec/statement_result.h"

namespace kalam::exec::handlers {

/// Starts a flush or compaction of one table for FLUSH TABLE / COMPACT TABLE (CONTRACT §4):
/// PERMISSION_DENIED unless the caller may trigger jobs on it, FEATURE_NOT_SUPPORTED for STREAM
/// tables; answers `Flush started for table 'ns.t'. Job ID: FL-…` or, while one is queued or
/// running, `Flush already in progress for table 'ns.t': job FL-…` (Compaction likewise).
Result<StatementResult> StartTableJob(JobType type, const catalog::TableRecord& table, ExecContext& ctx,
                                      const Session& session);

}  // namespace kalam::exec::handlers
