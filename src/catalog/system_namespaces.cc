#include "catalog/system_namespaces.h"

#include "catalog/permissions.h"

namespace kalam::catalog {

SystemTable MakeNamespacesTable(const NamespaceCatalog* namespaces, const TableCatalog* tables) {
  SystemTable t;
  t.name = "namespaces";
  t.columns = {
      {"namespace_id", DataType::Of(TypeId::kText), {"pk", "nn"}},
      {"created_at", DataType::Of(TypeId::kTimestamp), {"nn"}},
      {"table_count", DataType::Of(TypeId::kInt), {"nn"}},
  };
  t.any_role = false;
  t.rows = [namespaces, tables](const Caller&) -> Result<std::vector<Row>> {
    std::vector<Row> rows;
    for (const auto& ns : namespaces->List()) {
      if (ns.id.IsReserved()) continue;  // the server's own (`kalam`), like `system`
      rows.push_back(Row{ns.id.value(), ns.created_at_us, static_cast<int64_t>(tables->ListIn(ns.id).size())});
    }
    return rows;
  };
  return t;
}

SystemTable MakeInformationSchemaSchemata(const NamespaceCatalog* namespaces, const TableCatalog* tables) {
  SystemTable t;
  t.name = "information_schema.schemata";
  t.columns = {
      {"catalog_name", DataType::Of(TypeId::kText), {"nn"}},
      {"schema_name", DataType::Of(TypeId::kText), {"nn"}},
      {"schema_owner", DataType::Of(TypeId::kText), {"nn"}},
  };
  t.any_role = true;
  t.rows = [namespaces, tables](const Caller& caller) -> Result<std::vector<Row>> {
    const bool all = caller.role == Role::kDba || caller.role == Role::kSystem;
    std::vector<Row> rows;
    for (const auto& ns : namespaces->List()) {
      if (ns.id.IsReserved()) continue;
      bool visible = all;
      if (!visible) {
        for (const auto& table : tables->ListIn(ns.id)) visible |= MayRead(caller.role, table);
      }
      if (visible) rows.push_back(Row{std::string("kalamdb"), ns.id.value(), std::string("root")});
    }
    return rows;
  };
  return t;
}

}  // namespace kalam::catalog
