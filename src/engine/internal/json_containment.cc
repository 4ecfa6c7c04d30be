#include "engine/internal/json_containment.h"

#include "common/jsonb.h"
#include "duckdb/common/vector_operations/binary_executor.hpp"
#include "duckdb/common/vector_operations/unary_executor.hpp"
#include "duckdb/function/scalar_function.hpp"
#include "duckdb/main/client_context.hpp"
#include "engine/internal/jsonb_functions.h"
#include "engine/internal/system_scan.h"

namespace kalam::engine::internal {
namespace {

using jsonb::Json;

Json ParseOrThrow(duckdb::string_t text) { return ParseJsonOrThrow(std::string_view(text.GetData(), text.GetSize())); }

/// `container @> contained` (kReversed: `contained <@ container`). A constant contained side — the
/// usual `WHERE meta @> '{…}'` — is parsed once per chunk, not once per row.
template <bool kReversed>
void Execute(duckdb::DataChunk& args, duckdb::ExpressionState&, duckdb::Vector& result) {
  duckdb::Vector& container = args.data[kReversed ? 1 : 0];
  duckdb::Vector& contained = args.data[kReversed ? 0 : 1];
  if (contained.GetVectorType() == duckdb::VectorType::CONSTANT_VECTOR && !duckdb::ConstantVector::IsNull(contained)) {
    const Json wanted = ParseOrThrow(*duckdb::ConstantVector::GetData<duckdb::string_t>(contained));
    duckdb::UnaryExecutor::Execute<duckdb::string_t, bool>(container, result, args.size(), [&](duckdb::string_t text) {
      return jsonb::Contains(ParseOrThrow(text), wanted);
    });
    return;
  }
  duckdb::BinaryExecutor::Execute<duckdb::string_t, duckdb::string_t, bool>(
      container, contained, result, args.size(),
      [](duckdb::string_t a, duckdb::string_t b) { return jsonb::Contains(ParseOrThrow(a), ParseOrThrow(b)); });
}

void AddOverload(duckdb::Connection& admin, const char* name, duckdb::scalar_function_t execute) {
  RegisterScalarFunction(admin,
                         duckdb::ScalarFunction(name, {duckdb::LogicalType::JSON(), duckdb::LogicalType::JSON()},
                                                duckdb::LogicalType::BOOLEAN, std::move(execute)),
                         /*overload=*/true);
}

}  // namespace

std::optional<bool> JsonContains(std::string_view container, std::string_view contained) {
  const Json a = Json::parse(container, nullptr, /*allow_exceptions=*/false);
  const Json b = Json::parse(contained, nullptr, /*allow_exceptions=*/false);
  if (a.is_discarded() || b.is_discarded()) return std::nullopt;
  return jsonb::Contains(a, b);
}

void RegisterJsonContainment(duckdb::Connection& admin) {
  AddOverload(admin, "@>", Execute<false>);
  AddOverload(admin, "<@", Execute<true>);
}

}  // namespace kalam::engine::internal
