#include "catalog/namespace_record.h"

namespace kalam::catalog {

void NamespaceRecord::Serialize(serde::Writer& w) const {
  w.WriteString("namespace_id", id.value());
  w.WriteInt("created_at", created_at_us);
}

Result<NamespaceRecord> NamespaceRecord::Deserialize(const serde::Reader& r) {
  KALAM_ASSIGN_OR_RETURN(auto name, r.ReadString("namespace_id"));
  KALAM_ASSIGN_OR_RETURN(auto id, NamespaceId::Parse(name));
  KALAM_ASSIGN_OR_RETURN(int64_t created, r.ReadInt("created_at"));
  return NamespaceRecord{std::move(id), created};
}

}  // namespace kalam::catalog
