#pragma once

#include <optional>
#include <string>
#include <vector>

#include "exec/handlers/table_support.h"

namespace kalam::exec::handlers {

/// The caller's rows of `table` matching `where` (full rows, declared order), read through the
/// engine — so WHERE means exactly what it means in a SELECT — plus `extra` expressions assigned
/// to `extra_types` (PostgreSQL's assignment rules), appended to each row.
Result<std::vector<Row>> MatchingRows(const catalog::TableRecord& table, const std::optional<std::string>& where,
                                      const std::vector<std::string>& extra,
                                      const std::vector<DataType>& extra_types,
                                      const std::vector<Value>& params, ExecContext& ctx,
                                      const Session& session);

}  // namespace kalam::exec::handlers
