#include "catalog/table_catalog.h"

#include <fmt/format.h>

namespace kalam::catalog {

Status TableNotFound(const TableId& id) {
  return Status(ErrorCode::kTableNotFound, fmt::format("relation \"{}\" does not exist", id));
}

Result<bool> TableCatalog::Create(const TableRecord& table, bool if_not_exists) {
  KALAM_ASSIGN_OR_RETURN(bool inserted, table_.Insert(table));
  if (!inserted && !if_not_exists) {
    return Status(ErrorCode::kAlreadyExists, fmt::format("relation \"{}\" already exists", table.id));
  }
  return inserted;
}

Result<TableRecord> TableCatalog::GetOrError(const TableId& id) const {
  auto t = Get(id);
  if (!t) return TableNotFound(id);
  return *t;
}

std::vector<TableRecord> TableCatalog::ListIn(const NamespaceId& ns) const {
  std::vector<TableRecord> out;
  for (auto& t : table_.List()) {
    if (t.id.ns == ns) out.push_back(std::move(t));
  }
  return out;
}

}  // namespace kalam::catalog
