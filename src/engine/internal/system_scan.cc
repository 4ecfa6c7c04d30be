#include "engine/internal/system_scan.h"

#include "catalog/permissions.h"

#include "duckdb/catalog/catalog.hpp"
#include "duckdb/main/client_context.hpp"
#include "duckdb/parser/parsed_data/create_scalar_function_info.hpp"
#include "duckdb/parser/parsed_data/create_table_function_info.hpp"
#include "engine/internal/types.h"

namespace kalam::engine::internal {
namespace {

struct Globals {
  const catalog::SystemTableRegistry* tables = nullptr;
  const SessionRegistry* sessions = nullptr;
};

struct SystemScanData final : public duckdb::TableFunctionData {
  const catalog::SystemTable* table = nullptr;
  std::vector<Row> rows;
  // Rows depend on the caller and on the moment: never reuse a bound plan.
  bool SupportStatementCache() const override { return false; }
};

struct SystemScanState final : public duckdb::GlobalTableFunctionState {
  size_t next = 0;
};

struct GlobalsInfo final : public duckdb::TableFunctionInfo {
  Globals globals;
};

// DuckDB reports errors of callbacks by exception; they are caught at the engine boundary
// (FromEngine) like every other engine error.

duckdb::unique_ptr<duckdb::FunctionData> Bind(duckdb::ClientContext& context,
                                              duckdb::TableFunctionBindInput& input,
                                              duckdb::vector<duckdb::LogicalType>& types,
                                              duckdb::vector<duckdb::string>& names) {
  const Globals* globals = &input.info->Cast<GlobalsInfo>().globals;
  std::string name = input.inputs[0].GetValue<std::string>();
  const catalog::SystemTable* table = globals->tables->Find(name);
  if (table == nullptr) throw duckdb::CatalogException("Table with name %s does not exist", name);
  auto data = duckdb::make_uniq<SystemScanData>();
  data->table = table;
  for (const auto& col : table->columns) {
    types.push_back(ToLogicalType(col.type));
    names.push_back(col.name);
  }
  auto caller = globals->sessions->Find(context.GetConnectionId());
  if (caller) {  // no caller: the admin connection binding the view, which needs only the schema
    if (!table->any_role &&
        !catalog::Allowed(caller->role, catalog::Action::kSelect, catalog::ObjectKind::kSystemTable)) {
      throw duckdb::PermissionException("permission denied for table %s", name);
    }
    auto rows = table->rows(*caller);
    if (!rows.ok()) throw duckdb::IOException(rows.error().message());
    data->rows = std::move(rows).value();
  }
  return data;
}

duckdb::unique_ptr<duckdb::GlobalTableFunctionState> Init(duckdb::ClientContext&,
                                                          duckdb::TableFunctionInitInput&) {
  return duckdb::make_uniq<SystemScanState>();
}

void Scan(duckdb::ClientContext&, duckdb::TableFunctionInput& input, duckdb::DataChunk& out) {
  const auto& data = input.bind_data->Cast<SystemScanData>();
  auto& state = input.global_state->Cast<SystemScanState>();
  size_t count = 0;
  while (state.next < data.rows.size() && count < STANDARD_VECTOR_SIZE) {
    const Row& row = data.rows[state.next++];
    for (size_t c = 0; c < data.table->columns.size(); ++c) {
      out.SetValue(c, count, ToDuckValue(row[c], data.table->columns[c].type));
    }
    ++count;
  }
  out.SetCardinality(count);
}

}  // namespace

void RegisterTableFunction(duckdb::Connection& admin, duckdb::TableFunction fn) {
  admin.BeginTransaction();
  auto& catalog = duckdb::Catalog::GetSystemCatalog(*admin.context);
  duckdb::CreateTableFunctionInfo create(std::move(fn));
  catalog.CreateTableFunction(*admin.context, create);
  admin.Commit();
}

void RegisterScalarFunction(duckdb::Connection& admin, duckdb::ScalarFunction fn, bool overload) {
  admin.BeginTransaction();
  auto& catalog = duckdb::Catalog::GetSystemCatalog(*admin.context);
  duckdb::CreateScalarFunctionInfo create(std::move(fn));
  if (overload) create.on_conflict = duckdb::OnCreateConflict::ALTER_ON_CONFLICT;
  catalog.CreateFunction(*admin.context, create);
  admin.Commit();
}

Status RegisterSystemTables(duckdb::Connection& admin, const catalog::SystemTableRegistry* tables,
                            const SessionRegistry* sessions) {
  duckdb::TableFunction fn("kalam_system", {duckdb::LogicalType::VARCHAR}, Scan, Bind, Init);
  auto info = duckdb::make_shared_ptr<GlobalsInfo>();
  info->globals = Globals{tables, sessions};
  fn.function_info = info;
  RegisterTableFunction(admin, std::move(fn));
  std::vector<std::string> statements = {std::string("CREATE SCHEMA \"") + kSystemSchema + "\""};
  for (const auto& name : tables->Names()) {
    statements.push_back(std::string("CREATE VIEW \"") + kSystemSchema + "\".\"" + name +
                         "\" AS SELECT * FROM kalam_system('" + name + "')");
  }
  for (const auto& sql : statements) {
    auto r = admin.Query(sql);
    if (r->HasError()) return Status(ErrorCode::kInternal, r->GetError());
  }
  return Status::OK();
}

}  // namespace kalam::engine::internal
