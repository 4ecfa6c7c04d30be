#include "engine/internal/nonzero_divisor.h"

#include "duckdb/function/scalar_function.hpp"
#include "duckdb/main/client_context.hpp"
#include "duckdb/planner/expression.hpp"
#include "engine/internal/system_scan.h"

namespace kalam::engine::internal {
namespace {

/// Whether any valid value among the first `count` is zero (-0.0 included).
template <class T>
bool HasZero(duckdb::Vector& values, duckdb::idx_t count) {
  duckdb::UnifiedVectorFormat format;
  values.ToUnifiedFormat(count, format);
  const T* data = duckdb::UnifiedVectorFormat::GetData<T>(format);
  for (duckdb::idx_t i = 0; i < count; ++i) {
    const duckdb::idx_t at = format.sel->get_index(i);
    if (format.validity.RowIsValid(at) && data[at] == T(0)) return true;
  }
  return false;
}

/// Decimals are stored as scaled integers: zero is a raw zero, whatever the scale.
bool HasZero(duckdb::Vector& values, duckdb::idx_t count) {
  switch (values.GetType().InternalType()) {
    case duckdb::PhysicalType::INT8:
      return HasZero<int8_t>(values, count);
    case duckdb::PhysicalType::INT16:
      return HasZero<int16_t>(values, count);
    case duckdb::PhysicalType::INT32:
      return HasZero<int32_t>(values, count);
    case duckdb::PhysicalType::INT64:
      return HasZero<int64_t>(values, count);
    case duckdb::PhysicalType::INT128:
      return HasZero<duckdb::hugeint_t>(values, count);
    case duckdb::PhysicalType::UINT8:
      return HasZero<uint8_t>(values, count);
    case duckdb::PhysicalType::UINT16:
      return HasZero<uint16_t>(values, count);
    case duckdb::PhysicalType::UINT32:
      return HasZero<uint32_t>(values, count);
    case duckdb::PhysicalType::UINT64:
      return HasZero<uint64_t>(values, count);
    case duckdb::PhysicalType::UINT128:
      return HasZero<duckdb::uhugeint_t>(values, count);
    case duckdb::PhysicalType::FLOAT:
      return HasZero<float>(values, count);
    case duckdb::PhysicalType::DOUBLE:
      return HasZero<double>(values, count);
    default:
      return false;  // not a number: the division's own binding reports the type
  }
}

void Execute(duckdb::DataChunk& args, duckdb::ExpressionState&, duckdb::Vector& result) {
  if (HasZero(args.data[0], args.size())) {
    throw duckdb::Exception(duckdb::ExceptionType::DIVIDE_BY_ZERO, "division by zero");
  }
  result.Reference(args.data[0]);
}

/// The result has the argument's type, so the division binds as it would without the wrapper.
duckdb::unique_ptr<duckdb::FunctionData> Bind(duckdb::ClientContext&, duckdb::ScalarFunction& function,
                                              duckdb::vector<duckdb::unique_ptr<duckdb::Expression>>& arguments) {
  function.arguments[0] = arguments[0]->return_type;
  function.return_type = arguments[0]->return_type;
  return nullptr;
}

}  // namespace

void RegisterNonZeroDivisor(duckdb::Connection& admin) {
  duckdb::ScalarFunction fn(kNonZeroDivisor, {duckdb::LogicalType::ANY}, duckdb::LogicalType::ANY, Execute, Bind);
  RegisterScalarFunction(admin, std::move(fn));
}

}  // namespace kalam::engine::internal
