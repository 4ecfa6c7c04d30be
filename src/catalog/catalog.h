#pragma once

#include <memory>

#include "catalog/audit_log.h"
#include "catalog/job_catalog.h"
#include "catalog/namespace_catalog.h"
#include "catalog/storage_catalog.h"
#include "catalog/system_table.h"
#include "catalog/table_catalog.h"
#include "catalog/user_catalog.h"

namespace kalam::catalog {

/// The catalog: every system table's records, loaded at start-up. Owns its parts; each part
/// is thread-safe.
class Catalog {
 public:
  /// Loads every record from `store`. INTERNAL_ERROR on a corrupt record.
  static Result<std::unique_ptr<Catalog>> Open(store::Store* store, serde::Format format,
                                               const Clock* clock);

  NamespaceCatalog& namespaces() { return namespaces_; }
  const NamespaceCatalog& namespaces() const { return namespaces_; }
  TableCatalog& tables() { return tables_; }
  const TableCatalog& tables() const { return tables_; }
  UserCatalog& users() { return users_; }
  const UserCatalog& users() const { return users_; }
  const SystemTableRegistry& system_tables() const { return system_tables_; }
  /// Adds a system table served by another module (system.live_queries); start-up only, before
  /// the engine opens.
  void RegisterSystemTable(SystemTable table) { system_tables_.Register(std::move(table)); }
  StorageCatalog& storages() { return storages_; }
  const StorageCatalog& storages() const { return storages_; }
  JobCatalog& jobs() { return jobs_; }
  const JobCatalog& jobs() const { return jobs_; }
  AuditLog& audit() { return audit_; }
  const AuditLog& audit() const { return audit_; }

 private:
  Catalog(store::Store* store, serde::Format format, const Clock* clock)
      : namespaces_(store, format, clock), tables_(store, format), users_(store, format),
        storages_(store, format), jobs_(store, format), audit_(store, format, clock) {}

  NamespaceCatalog namespaces_;
  TableCatalog tables_;
  UserCatalog users_;
  StorageCatalog storages_;
  JobCatalog jobs_;
  AuditLog audit_;
  SystemTableRegistry system_tables_;
};

}  // namespace kalam::catalog
