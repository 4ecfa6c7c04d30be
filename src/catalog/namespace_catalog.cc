#include "catalog/namespace_catalog.h"

#include <fmt/format.h>

namespace kalam::catalog {

Status NamespaceNotFound(const NamespaceId& id) {
  return Status(ErrorCode::kNamespaceNotFound, fmt::format("namespace \"{}\" does not exist", id));
}

Result<bool> NamespaceCatalog::Create(const NamespaceId& id, bool if_not_exists) {
  KALAM_ASSIGN_OR_RETURN(bool inserted, table_.Insert(NamespaceRecord{id, clock_->NowMicros()}));
  if (!inserted && !if_not_exists) {
    return Status(ErrorCode::kAlreadyExists, fmt::format("namespace \"{}\" already exists", id));
  }
  return inserted;
}

Result<bool> NamespaceCatalog::Drop(const NamespaceId& id, bool if_exists) {
  KALAM_ASSIGN_OR_RETURN(bool removed, table_.Remove(id.value()));
  if (!removed && !if_exists) return NamespaceNotFound(id);
  return removed;
}

Result<NamespaceRecord> NamespaceCatalog::Get(const NamespaceId& id) const {
  auto record = table_.Get(id.value());
  if (!record) return NamespaceNotFound(id);
  return *record;
}

}  // namespace kalam::catalog
