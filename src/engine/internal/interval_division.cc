#include "engine/internal/interval_division.h"

#include <vector>

#include "duckdb/catalog/catalog_entry/scalar_function_catalog_entry.hpp"
#include "duckdb/function/scalar_function.hpp"
#include "duckdb/main/client_context.hpp"
#include "engine/internal/system_scan.h"

namespace kalam::engine::internal {

void RegisterIntervalDivision(duckdb::Connection& admin) {
  std::vector<duckdb::ScalarFunction> overloads;
  admin.BeginTransaction();
  auto& catalog = duckdb::Catalog::GetSystemCatalog(*admin.context);
  auto& divide = catalog.GetEntry<duckdb::ScalarFunctionCatalogEntry>(*admin.context, DEFAULT_SCHEMA, "/");
  for (const duckdb::ScalarFunction& fn : divide.functions.functions) {
    if (!fn.arguments.empty() && fn.arguments[0].id() == duckdb::LogicalTypeId::INTERVAL) overloads.push_back(fn);
  }
  admin.Commit();
  for (duckdb::ScalarFunction& fn : overloads) {
    fn.name = "//";
    RegisterScalarFunction(admin, std::move(fn), /*overload=*/true);
  }
}

}  // namespace kalam::engine::internal
