#pragma once

#include <optional>
#include <string>
#include <vector>

#include "exec/handlers/table_support.h"
#include "sql/ast/update.h"

namespace kalam::exec::handlers {

/// The column index of each assignment's target: COLUMN_NOT_FOUND for an unknown column,
/// FEATURE_NOT_SUPPORTED for the primary key (UPDATE, INSERT … ON CONFLICT DO UPDATE).
Result<std::vector<size_t>> AssignmentTargets(const catalog::TableRecord& table,
                                              const std::vector<sql::Update::Assignment>& assignments);

/// `SET c = DEFAULT`: each such assignment's column of `row` becomes the column's default (its
/// literal, or a value generated now), as an INSERT would fill it in.
Status AssignDefaults(const catalog::TableRecord& table, const std::vector<sql::Update::Assignment>& assignments,
                      const std::vector<size_t>& targets, Row& row, ExecContext& ctx, const Session& session);

/// Which rows an UPDATE or DELETE reads: `[with] … FROM table [AS alias] [, joined] [WHERE where]`.
struct RowFilter {
  std::optional<std::string> with;    // `WITH … ` before the statement
  std::optional<std::string> alias;   // the statement's name for the table
  std::optional<std::string> joined;  // UPDATE … FROM / DELETE … USING: other tables, as written
  std::optional<std::string> where;
};

/// The caller's rows of `table` the filter selects (full rows, declared order), read through the
/// engine — so WHERE means exactly what it means in a SELECT — plus `extra` expressions assigned
/// to `extra_types` (PostgreSQL's assignment rules), appended to each row. With joined tables a row
/// that joins several of their rows comes once, with the expressions over one of them (which one
/// is not defined, as in PostgreSQL).
Result<std::vector<Row>> MatchingRows(const catalog::TableRecord& table, const RowFilter& filter,
                                      const std::vector<std::string>& extra,
                                      const std::vector<DataType>& extra_types,
                                      const std::vector<Value>& params, ExecContext& ctx,
                                      const Session& session);

}  // namespace kalam::exec::handlers
