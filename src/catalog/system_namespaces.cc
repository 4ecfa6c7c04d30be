#include "catalog/system_namespaces.h"

namespace kalam::catalog {

SystemTable MakeNamespacesTable(const NamespaceCatalog* namespaces) {
  SystemTable t;
  t.name = "namespaces";
  t.columns = {
      {"namespace_id", DataType::Of(TypeId::kText), {"pk", "nn"}},
      {"created_at", DataType::Of(TypeId::kTimestamp), {"nn"}},
      {"table_count", DataType::Of(TypeId::kInt), {"nn"}},
  };
  t.any_role = false;
  t.rows = [namespaces](const Caller&) -> Result<std::vector<Row>> {
    std::vector<Row> rows;
    for (const auto& ns : namespaces->List()) {
      // Tables arrive with the tables issue; until then every namespace is empty.
      rows.push_back(Row{ns.id.value(), ns.created_at_us, int64_t{0}});
    }
    return rows;
  };
  return t;
}

}  // namespace kalam::catalog
