#pragma once

#include <vector>

#include "exec/handlers/table_support.h"
#include "sql/ast/insert.h"

namespace kalam::exec::handlers {

// INSERT … ON CONFLICT (PostgreSQL's upsert). The primary key is a table's only unique constraint,
// so a conflict is always a live row under a proposed row's key.

/// Checks an ON CONFLICT clause against the table: its target must be the primary key
/// (INVALID_COLUMN_REFERENCE otherwise, COLUMN_NOT_FOUND for an unknown column; INVALID_PARAMETER
/// for a constraint other than `{table}_pkey`), STREAM tables have none (FEATURE_NOT_SUPPORTED:
/// their keys are generated), and DO UPDATE needs the UPDATE privilege too.
Status CheckOnConflict(const sql::OnConflict& conflict, const catalog::TableRecord& table, const Session& session);

/// The rows an upsert wrote (inserted or updated, as they are stored now), in statement order.
struct Upserted {
  std::vector<Row> rows;
};

/// ON CONFLICT DO UPDATE (DO NOTHING is a plain write: store::WriteKind::kInsertIfAbsent): writes
/// the proposed rows (full rows of `table`, checked) atomically — a row whose key holds no live
/// row is inserted, one whose key does becomes the update DO UPDATE describes: SET expressions
/// over the stored row (named as the table, or the INSERT's alias) and the proposed one
/// (`excluded`), left alone when the WHERE is not true. Two proposed rows with one key are
/// CARDINALITY_VIOLATION. A key that another statement inserts or deletes between the read of the
/// stored rows and the write makes the statement read again (a few times, then
/// SERIALIZATION_FAILURE).
Result<Upserted> Upsert(const sql::Insert& stmt, const catalog::TableRecord& table, const std::vector<Row>& proposed,
                        const std::vector<Value>& params, ExecContext& ctx, const Session& session);

}  // namespace kalam::exec::handlers
