#include "engine/internal/date_as_timestamp.h"

#include "duckdb/common/types/timestamp.hpp"
#include "duckdb/common/vector_operations/unary_executor.hpp"
#include "duckdb/function/scalar_function.hpp"
#include "duckdb/main/client_context.hpp"
#include "duckdb/planner/expression.hpp"
#include "engine/internal/system_scan.h"

namespace kalam::engine::internal {
namespace {

void Execute(duckdb::DataChunk& args, duckdb::ExpressionState&, duckdb::Vector& result) {
  duckdb::Vector& input = args.data[0];
  if (input.GetType().id() != duckdb::LogicalTypeId::DATE) {
    result.Reference(input);
    return;
  }
  duckdb::UnaryExecutor::Execute<duckdb::date_t, duckdb::timestamp_t>(
      input, result, args.size(),
      [](duckdb::date_t day) {
        if (day == duckdb::date_t::infinity()) return duckdb::timestamp_t::infinity();
        if (day == duckdb::date_t::ninfinity()) return duckdb::timestamp_t::ninfinity();
        return duckdb::Timestamp::FromDatetime(day, duckdb::dtime_t(0));
      });
}

duckdb::unique_ptr<duckdb::FunctionData> Bind(duckdb::ClientContext&, duckdb::ScalarFunction& function,
                                              duckdb::vector<duckdb::unique_ptr<duckdb::Expression>>& arguments) {
  const duckdb::LogicalType& type = arguments[0]->return_type;
  function.arguments[0] = type;
  function.return_type = type.id() == duckdb::LogicalTypeId::DATE ? duckdb::LogicalType::TIMESTAMP : type;
  return nullptr;
}

}  // namespace

void RegisterDateAsTimestamp(duckdb::Connection& admin) {
  duckdb::ScalarFunction fn(kDateAsTimestamp, {duckdb::LogicalType::ANY}, duckdb::LogicalType::ANY, Execute, Bind);
  RegisterScalarFunction(admin, std::move(fn));
}

}  // namespace kalam::engine::internal
