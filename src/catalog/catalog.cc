#include "catalog/catalog.h"

#include "catalog/system_jobs.h"
#include "catalog/system_namespaces.h"
#include "catalog/system_tables_tables.h"
#include "catalog/system_storages.h"
#include "catalog/system_users.h"

namespace kalam::catalog {

Result<std::unique_ptr<Catalog>> Catalog::Open(store::Store* store, serde::Format format,
                                               const Clock* clock) {
  std::unique_ptr<Catalog> catalog(new Catalog(store, format, clock));
  KALAM_RETURN_IF_ERROR(catalog->namespaces_.Load());
  KALAM_RETURN_IF_ERROR(catalog->tables_.Load());
  KALAM_RETURN_IF_ERROR(catalog->users_.Load());
  KALAM_RETURN_IF_ERROR(catalog->storages_.Load());
  KALAM_RETURN_IF_ERROR(catalog->jobs_.Load());
  KALAM_RETURN_IF_ERROR(catalog->audit_.Load());
  catalog->system_tables_.Register(MakeNamespacesTable(&catalog->namespaces_, &catalog->tables_));
  catalog->system_tables_.Register(MakeTablesTable(&catalog->tables_));
  catalog->system_tables_.Register(MakeColumnsTable(&catalog->tables_));
  catalog->system_tables_.Register(MakeInformationSchemaTables(&catalog->tables_));
  catalog->system_tables_.Register(MakeInformationSchemaColumns(&catalog->tables_));
  catalog->system_tables_.Register(MakeInformationSchemaSchemata(&catalog->namespaces_, &catalog->tables_));
  catalog->system_tables_.Register(MakeUsersTable(&catalog->users_));
  catalog->system_tables_.Register(MakeStoragesTable(&catalog->storages_));
  catalog->system_tables_.Register(MakeJobsTable(&catalog->jobs_));
  catalog->system_tables_.Register(MakeAuditLogTable(&catalog->audit_));
  return catalog;
}

}  // namespace kalam::catalog
