#pragma once

#include <optional>
#include <vector>

#include "catalog/namespace_record.h"
#include "catalog/record_table.h"
#include "common/clock.h"

namespace kalam::catalog {

/// The namespaces (system.namespaces). Thread-safe.
class NamespaceCatalog {
 public:
  NamespaceCatalog(store::Store* store, serde::Format format, const Clock* clock)
      : table_(store, format, "ns/"), clock_(clock) {}

  Status Load() { return table_.Load(); }

  /// Creates the namespace. Returns false when it existed and `if_not_exists` is set;
  /// ALREADY_EXISTS when it existed otherwise.
  Result<bool> Create(const NamespaceId& id, bool if_not_exists);
  /// Removes the namespace. Returns false when it did not exist and `if_exists` is set;
  /// NAMESPACE_NOT_FOUND otherwise.
  Result<bool> Drop(const NamespaceId& id, bool if_exists);
  /// NAMESPACE_NOT_FOUND when absent.
  Result<NamespaceRecord> Get(const NamespaceId& id) const;
  bool Exists(const NamespaceId& id) const { return table_.Get(id.value()).has_value(); }
  std::vector<NamespaceRecord> List() const { return table_.List(); }

 private:
  RecordTable<NamespaceRecord> table_;
  const Clock* clock_;
};

/// `namespace "x" does not exist` (NAMESPACE_NOT_FOUND, 3F000).
Status NamespaceNotFound(const NamespaceId& id);

}  // namespace kalam::catalog
