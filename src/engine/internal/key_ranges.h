#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/table_record.h"
#include "duckdb.hpp"
#include "duckdb/planner/operator/logical_get.hpp"

namespace kalam::engine::internal {

/// Keys of one partition a scan reads: from `first` to `last` (both included), as key bytes
/// without the partition prefix (store::EncodeKeyPart). "" / nullopt: from the start / to the end.
struct KeyRange {
  std::string first;
  std::optional<std::string> last;
  bool operator==(const KeyRange&) const = default;
};

/// The key ranges a table scan must read to see every row the filters let through, from the
/// filters on the primary key: `pk = c` and `pk IN (…)` (keys of any type), `pk <, <=, >, >= c` and
/// BETWEEN (BIGINT and TEXT keys, whose key bytes sort as the values do). A superset: DuckDB still
/// applies every filter, so a bound is always included and a filter this does not understand is
/// ignored. nullopt: the whole partition; an empty list: no key can match.
std::optional<std::vector<KeyRange>> KeyRangesOf(const catalog::TableRecord& table, const duckdb::LogicalGet& get,
                                                 const duckdb::vector<duckdb::unique_ptr<duckdb::Expression>>& filters);

}  // namespace kalam::engine::internal
