#pragma once

#include <optional>
#include <vector>

#include "catalog/record_table.h"
#include "catalog/table_record.h"

namespace kalam::catalog {

/// The tables (system.tables, system.columns). Thread-safe.
class TableCatalog {
 public:
  TableCatalog(store::Store* store, serde::Format format) : table_(store, format, "table/") {}

  Status Load() { return table_.Load(); }
  /// Returns false when it existed and `if_not_exists`; ALREADY_EXISTS otherwise.
  Result<bool> Create(const TableRecord& table, bool if_not_exists);
  /// Replaces the record (ALTER TABLE).
  Status Update(const TableRecord& table) { return table_.Put(table); }
  /// Returns false when absent.
  Result<bool> Remove(const TableId& id) { return table_.Remove(Key(id)); }
  std::optional<TableRecord> Get(const TableId& id) const { return table_.Get(Key(id)); }
  /// TABLE_NOT_FOUND with PostgreSQL's wording when absent.
  Result<TableRecord> GetOrError(const TableId& id) const;
  std::vector<TableRecord> List() const { return table_.List(); }
  std::vector<TableRecord> ListIn(const NamespaceId& ns) const;

 private:
  static std::string Key(const TableId& id) { return id.ns.value() + "." + id.name.value(); }
  RecordTable<TableRecord> table_;
};

/// `relation "ns.t" does not exist` (TABLE_NOT_FOUND, 42P01).
Status TableNotFound(const TableId& id);

}  // namespace kalam::catalog
