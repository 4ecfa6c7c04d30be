#include "catalog/table_record.h"

#include "common/strings.h"

namespace kalam::catalog {

std::string ColumnDef::DefaultSql() const {
  switch (default_kind) {
    case DefaultKind::kNone:
      return "";
    case DefaultKind::kLiteral: {
      if (!default_literal) return "NULL";
      if (type.id == TypeId::kBoolean || type.IsNumeric()) return *default_literal;
      std::string out = "'";
      for (char c : *default_literal) {
        out.push_back(c);
        if (c == '\'') out.push_back('\'');
      }
      return out + "'";
    }
    case DefaultKind::kNow:
      return "NOW()";
    case DefaultKind::kSnowflakeId:
      return "SNOWFLAKE_ID()";
    case DefaultKind::kUuidV7:
      return "UUID_V7()";
    case DefaultKind::kUuidV4:
      return "gen_random_uuid()";
    case DefaultKind::kCurrentDate:
      return "CURRENT_DATE";
    case DefaultKind::kCurrentUser:
      return "CURRENT_USER()";
  }
  return "";
}

void ColumnDef::Serialize(serde::Writer& w) const {
  w.WriteInt("column_id", column_id);
  w.WriteString("name", name);
  w.WriteString("type", type.ToString());
  w.WriteBool("nullable", nullable);
  w.WriteBool("primary_key", primary_key);
  w.WriteEnum("default_kind", default_kind);
  w.WriteOptionalString("default_literal", default_literal);
  w.WriteOptionalString("missing_literal", missing_literal);
}

Result<ColumnDef> ColumnDef::Deserialize(const serde::Reader& r) {
  ColumnDef c;
  KALAM_ASSIGN_OR_RETURN(int64_t id, r.ReadInt("column_id"));
  c.column_id = static_cast<int32_t>(id);
  KALAM_ASSIGN_OR_RETURN(c.name, r.ReadString("name"));
  KALAM_ASSIGN_OR_RETURN(auto type, r.ReadString("type"));
  KALAM_ASSIGN_OR_RETURN(c.type, DataType::Parse(type));
  KALAM_ASSIGN_OR_RETURN(c.nullable, r.ReadBool("nullable"));
  KALAM_ASSIGN_OR_RETURN(c.primary_key, r.ReadBool("primary_key"));
  KALAM_ASSIGN_OR_RETURN(c.default_kind, r.ReadEnum<DefaultKind>("default_kind"));
  KALAM_ASSIGN_OR_RETURN(c.default_literal, r.ReadOptionalString("default_literal"));
  KALAM_ASSIGN_OR_RETURN(c.missing_literal, r.ReadOptionalString("missing_literal"));
  return c;
}

size_t TableRecord::PrimaryKeyIndex() const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].primary_key) return i;
  }
  return 0;
}

std::optional<size_t> TableRecord::FindColumn(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (EqualsIgnoreCase(columns[i].name, name)) return i;
  }
  return std::nullopt;
}

void TableRecord::Serialize(serde::Writer& w) const {
  w.WriteString("namespace_id", id.ns.value());
  w.WriteString("table_name", id.name.value());
  w.WriteEnum("table_type", type);
  w.WriteList("columns", columns);
  w.WriteInt("schema_version", schema_version);
  w.WriteInt("next_column_id", next_column_id);
  w.WriteString("storage_id", storage_id);
  w.WriteString("flush_policy", flush_policy);
  w.WriteOptionalInt("ttl_seconds", ttl_seconds);
  w.WriteEnum("access_level", access_level);
  w.WriteBool("use_user_storage", use_user_storage);
  w.WriteInt("created_at", created_at_us);
  w.WriteInt("updated_at", updated_at_us);
}

Result<TableRecord> TableRecord::Deserialize(const serde::Reader& r) {
  KALAM_ASSIGN_OR_RETURN(auto ns_name, r.ReadString("namespace_id"));
  KALAM_ASSIGN_OR_RETURN(auto ns, NamespaceId::Parse(ns_name));
  KALAM_ASSIGN_OR_RETURN(auto table_name, r.ReadString("table_name"));
  KALAM_ASSIGN_OR_RETURN(auto name, TableName::Parse(table_name));
  TableRecord t(TableId{std::move(ns), std::move(name)});
  KALAM_ASSIGN_OR_RETURN(t.type, r.ReadEnum<TableType>("table_type"));
  KALAM_ASSIGN_OR_RETURN(t.columns, r.ReadList<ColumnDef>("columns"));
  KALAM_ASSIGN_OR_RETURN(int64_t version, r.ReadInt("schema_version"));
  t.schema_version = static_cast<int32_t>(version);
  KALAM_ASSIGN_OR_RETURN(int64_t next_id, r.ReadInt("next_column_id"));
  t.next_column_id = static_cast<int32_t>(next_id);
  KALAM_ASSIGN_OR_RETURN(t.storage_id, r.ReadString("storage_id"));
  KALAM_ASSIGN_OR_RETURN(t.flush_policy, r.ReadString("flush_policy"));
  KALAM_ASSIGN_OR_RETURN(t.ttl_seconds, r.ReadOptionalInt("ttl_seconds"));
  KALAM_ASSIGN_OR_RETURN(t.access_level, r.ReadEnum<AccessLevel>("access_level"));
  KALAM_ASSIGN_OR_RETURN(t.use_user_storage, r.ReadBool("use_user_storage"));
  KALAM_ASSIGN_OR_RETURN(t.created_at_us, r.ReadInt("created_at"));
  KALAM_ASSIGN_OR_RETURN(t.updated_at_us, r.ReadInt("updated_at"));
  return t;
}

}  // namespace kalam::catalog
