#pragma once

#include <string>
#include <vector>

#include "catalog/table_record.h"
#include "common/shard.h"
#include "common/value.h"
#include "common/value_coerce.h"

namespace kalam::catalog {

/// RocksDB column family of a table's rows (DESIGN.md "Where the data lives"):
/// USER `users.shard-{k}.{ns}.{table}`, SHARED `shared.{ns}.{table}`, STREAM `streams.{ns}.{table}`.
/// `shard` is ignored for SHARED and STREAM tables.
inline std::string FamilyOf(const TableRecord& table, int shard) {
  const std::string suffix = table.id.ns.value() + "." + table.id.name.value();
  switch (table.type) {
    case TableType::kUser:
      return "users.shard-" + std::to_string(shard) + "." + suffix;
    case TableType::kShared:
      return "shared." + suffix;
    case TableType::kStream:
      return "streams." + suffix;
    case TableType::kSystem:
      return "system";
  }
  return suffix;
}

/// Every column family of the table (all shards of a USER table).
inline std::vector<std::string> FamiliesOf(const TableRecord& table, int shards) {
  if (table.type != TableType::kUser) return {FamilyOf(table, 0)};
  std::vector<std::string> out;
  for (int k = 0; k < shards; ++k) out.push_back(FamilyOf(table, k));
  return out;
}

/// True when `family` holds rows of `table` (any shard number, also of an earlier user_shards).
inline bool IsFamilyOf(const std::string& family, const TableRecord& table) {
  if (table.type != TableType::kUser) return family == FamilyOf(table, 0);
  const std::string head = "users.shard-";
  const std::string tail = "." + table.id.ns.value() + "." + table.id.name.value();
  if (family.size() <= head.size() + tail.size() || family.rfind(head, 0) != 0 ||
      family.compare(family.size() - tail.size(), tail.size(), tail) != 0) {
    return false;
  }
  for (size_t i = head.size(); i < family.size() - tail.size(); ++i) {
    if (family[i] < '0' || family[i] > '9') return false;
  }
  return true;
}

/// Column ids of the current schema, in declared order (for the row codec).
inline std::vector<int32_t> ColumnIdsOf(const TableRecord& table) {
  std::vector<int32_t> ids;
  for (const auto& c : table.columns) ids.push_back(c.column_id);
  return ids;
}

/// The value each column takes in rows written before it existed (see ColumnDef::missing_literal).
inline Row MissingValues(const TableRecord& table) {
  Row out;
  for (const auto& c : table.columns) {
    Value v;
    if (c.missing_literal) {
      auto coerced = CoerceValue(*c.missing_literal, c.type);
      if (coerced.ok()) v = *coerced;
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace kalam::catalog
