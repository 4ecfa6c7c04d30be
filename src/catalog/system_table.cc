#include "catalog/system_table.h"

namespace kalam::catalog {

void SystemTableRegistry::Register(SystemTable table) {
  std::string name = table.name;
  tables_.insert_or_assign(std::move(name), std::move(table));
}

const SystemTable* SystemTableRegistry::Find(std::string_view name) const {
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : &it->second;
}

std::vector<std::string> SystemTableRegistry::Names() const {
  std::vector<std::string> out;
  for (const auto& [name, t] : tables_) out.push_back(name);
  return out;
}

}  // namespace kalam::catalog
