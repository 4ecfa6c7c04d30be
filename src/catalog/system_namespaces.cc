#include "catalog/system_namespaces.h"

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
      rows.push_back(Row{ns.id.value(), ns.created_at_us, static_cast<int64_t>(tables->ListIn(ns.id).size())});
    }
    return rows;
  };
  return t;
}

}  // namespace kalam::catalog
