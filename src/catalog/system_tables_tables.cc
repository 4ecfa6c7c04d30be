#include "catalog/system_tables_tables.h"

#include <functional>

#include "catalog/permissions.h"

namespace kalam::catalog {
namespace {

ColumnInfo Col(std::string name, TypeId type, bool not_null = true) {
  return ColumnInfo{std::move(name), DataType::Of(type), not_null ? std::vector<std::string>{"nn"}
                                                                  : std::vector<std::string>{}};
}

/// Rows built from every column of every table the caller may read, in ordinal order.
/// `make(table, column, ordinal, default_sql)` builds one row.
using ColumnRowFn = Row (*)(const TableRecord&, const ColumnDef&, int64_t, Value);
std::function<Result<std::vector<Row>>(const Caller&)> ColumnRows(const TableCatalog* tables,
                                                                  ColumnRowFn make) {
  return [tables, make](const Caller& caller) -> Result<std::vector<Row>> {
    std::vector<Row> rows;
    for (const auto& table : tables->List()) {
      if (!MayRead(caller.role, table)) continue;
      for (size_t i = 0; i < table.columns.size(); ++i) {
        std::string def = table.columns[i].DefaultSql();
        rows.push_back(make(table, table.columns[i], static_cast<int64_t>(i + 1),
                            def.empty() ? Value() : Value(def)));
      }
    }
    return rows;
  };
}

/// Whether a table is listed in system.tables and information_schema.tables: not the server's own
/// (namespace `kalam`), which are read by name, as system tables are (system.columns and DESCRIBE
/// do show their columns).
bool Listed(const TableRecord& table) { return !table.id.ns.IsReserved(); }

}  // namespace

SystemTable MakeTablesTable(const TableCatalog* tables) {
  SystemTable t;
  t.name = "tables";
  t.any_role = true;
  t.columns = {Col("namespace_id", TypeId::kText), Col("table_name", TypeId::kText),
               Col("table_type", TypeId::kText),   Col("storage_id", TypeId::kText),
               Col("access_level", TypeId::kText, false), Col("flush_policy", TypeId::kText, false),
               Col("ttl_seconds", TypeId::kBigInt, false), Col("schema_version", TypeId::kInt),
               Col("created_at", TypeId::kTimestamp),      Col("updated_at", TypeId::kTimestamp)};
  t.rows = [tables](const Caller& caller) -> Result<std::vector<Row>> {
    std::vector<Row> rows;
    for (const auto& table : tables->List()) {
      if (!Listed(table) || !MayRead(caller.role, table)) continue;
      Value access = table.type == TableType::kShared ? Value(std::string(ToString(table.access_level)))
                                                      : Value();
      Value policy = table.flush_policy.empty() ? Value() : Value(table.flush_policy);
      rows.push_back(Row{table.id.ns.value(), table.id.name.value(),
                         std::string(ToString(table.type)), table.storage_id, access, policy,
                         ValueOrNull(table.ttl_seconds), int64_t{table.schema_version},
                         table.created_at_us, table.updated_at_us});
    }
    return rows;
  };
  return t;
}

SystemTable MakeColumnsTable(const TableCatalog* tables) {
  SystemTable t;
  t.name = "columns";
  t.any_role = true;
  t.columns = {Col("namespace_id", TypeId::kText),   Col("table_name", TypeId::kText),
               Col("column_name", TypeId::kText),    Col("ordinal_position", TypeId::kInt),
               Col("data_type", TypeId::kText),      Col("is_nullable", TypeId::kBoolean),
               Col("is_primary_key", TypeId::kBoolean), Col("column_default", TypeId::kText, false)};
  t.rows = ColumnRows(tables, [](const TableRecord& table, const ColumnDef& c, int64_t ordinal,
                                Value def) {
    return Row{table.id.ns.value(), table.id.name.value(), c.name, ordinal, c.type.ToString(),
               c.nullable, c.primary_key, std::move(def)};
  });
  return t;
}

SystemTable MakeInformationSchemaTables(const TableCatalog* tables) {
  SystemTable t;
  t.name = "information_schema.tables";
  t.any_role = true;
  t.columns = {Col("table_catalog", TypeId::kText), Col("table_schema", TypeId::kText),
               Col("table_name", TypeId::kText), Col("table_type", TypeId::kText)};
  t.rows = [tables](const Caller& caller) -> Result<std::vector<Row>> {
    std::vector<Row> rows;
    for (const auto& table : tables->List()) {
      if (!Listed(table) || !MayRead(caller.role, table)) continue;
      rows.push_back(Row{std::string("kalamdb"), table.id.ns.value(), table.id.name.value(),
                         std::string("BASE TABLE")});
    }
    return rows;
  };
  return t;
}

SystemTable MakeInformationSchemaColumns(const TableCatalog* tables) {
  SystemTable t;
  t.name = "information_schema.columns";
  t.any_role = true;
  t.columns = {Col("table_catalog", TypeId::kText),  Col("table_schema", TypeId::kText),
               Col("table_name", TypeId::kText),     Col("column_name", TypeId::kText),
               Col("ordinal_position", TypeId::kInt), Col("column_default", TypeId::kText, false),
               Col("is_nullable", TypeId::kText),    Col("data_type", TypeId::kText)};
  t.rows = ColumnRows(tables, [](const TableRecord& table, const ColumnDef& c, int64_t ordinal,
                                Value def) {
    return Row{std::string("kalamdb"), table.id.ns.value(), table.id.name.value(), c.name, ordinal,
               std::move(def), std::string(c.nullable ? "YES" : "NO"), c.type.ToString()};
  });
  return t;
}

}  // namespace kalam::catalog
