#include "catalog/storage_record.h"

namespace kalam::catalog {

void StorageRecord::Serialize(serde::Writer& w) const {
  w.WriteString("storage_id", id.value());
  w.WriteString("storage_name", name);
  w.WriteString("description", description);
  w.WriteEnum("storage_type", type);
  w.WriteString("uri", uri);
  w.WriteString("credentials", credentials);
  w.WriteString("shared_tables_template", shared_tables_template);
  w.WriteString("user_tables_template", user_tables_template);
  w.WriteInt("created_at", created_at_us);
  w.WriteInt("updated_at", updated_at_us);
}

Result<StorageRecord> StorageRecord::Deserialize(const serde::Reader& r) {
  KALAM_ASSIGN_OR_RETURN(auto id_text, r.ReadString("storage_id"));
  KALAM_ASSIGN_OR_RETURN(StorageId id, StorageId::Parse(id_text));
  StorageRecord s(std::move(id));
  KALAM_ASSIGN_OR_RETURN(s.name, r.ReadString("storage_name"));
  KALAM_ASSIGN_OR_RETURN(s.description, r.ReadString("description"));
  KALAM_ASSIGN_OR_RETURN(s.type, r.ReadEnum<StorageType>("storage_type"));
  KALAM_ASSIGN_OR_RETURN(s.uri, r.ReadString("uri"));
  KALAM_ASSIGN_OR_RETURN(s.credentials, r.ReadString("credentials"));
  KALAM_ASSIGN_OR_RETURN(s.shared_tables_template, r.ReadString("shared_tables_template"));
  KALAM_ASSIGN_OR_RETURN(s.user_tables_template, r.ReadString("user_tables_template"));
  KALAM_ASSIGN_OR_RETURN(s.created_at_us, r.ReadInt("created_at"));
  KALAM_ASSIGN_OR_RETURN(s.updated_at_us, r.ReadInt("updated_at"));
  return s;
}

}  // namespace kalam::catalog
