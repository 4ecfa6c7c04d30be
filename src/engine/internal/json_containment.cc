#include "engine/internal/json_containment.h"

#include <nlohmann/json.hpp>

#include "duckdb/common/exception/conversion_exception.hpp"
#include "duckdb/common/vector_operations/binary_executor.hpp"
#include "duckdb/common/vector_operations/unary_executor.hpp"
#include "duckdb/function/scalar_function.hpp"
#include "duckdb/main/client_context.hpp"
#include "engine/internal/system_scan.h"

namespace kalam::engine::internal {
namespace {

using Json = nlohmann::json;

bool SameScalar(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_number_float() || b.is_number_float()) return a.get<double>() == b.get<double>();
    if (a.is_number_unsigned() || b.is_number_unsigned()) {
      return a.is_number_unsigned() && b.is_number_unsigned() ? a.get<uint64_t>() == b.get<uint64_t>()
                                                              : false;  // one is negative or both exceed int64
    }
    return a.get<int64_t>() == b.get<int64_t>();
  }
  return a == b;
}

bool Contains(const Json& a, const Json& b, bool top) {
  if (a.is_object()) {
    if (!b.is_object()) return false;
    for (const auto& [key, value] : b.items()) {
      auto it = a.find(key);
      if (it == a.end() || !Contains(*it, value, false)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    // At the top level PostgreSQL lets an array contain a lone scalar it holds.
    if (!b.is_array()) {
      if (!top || b.is_object()) return false;
      for (const Json& e : a) {
        if (!e.is_structured() && SameScalar(e, b)) return true;
      }
      return false;
    }
    for (const Json& wanted : b) {
      bool found = false;
      for (const Json& e : a) {
        if (wanted.is_structured() ? e.type() == wanted.type() && Contains(e, wanted, false)
                                   : !e.is_structured() && SameScalar(e, wanted)) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }
  return !b.is_structured() && SameScalar(a, b);
}

Json ParseOrThrow(duckdb::string_t text) {
  Json parsed = Json::parse(std::string_view(text.GetData(), text.GetSize()), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) throw duckdb::ConversionException("invalid input syntax for type json");
  return parsed;
}

/// `container @> contained` (kReversed: `contained <@ container`). A constant contained side — the
/// usual `WHERE meta @> '{…}'` — is parsed once per chunk, not once per row.
template <bool kReversed>
void Execute(duckdb::DataChunk& args, duckdb::ExpressionState&, duckdb::Vector& result) {
  duckdb::Vector& container = args.data[kReversed ? 1 : 0];
  duckdb::Vector& contained = args.data[kReversed ? 0 : 1];
  if (contained.GetVectorType() == duckdb::VectorType::CONSTANT_VECTOR && !duckdb::ConstantVector::IsNull(contained)) {
    const Json wanted = ParseOrThrow(*duckdb::ConstantVector::GetData<duckdb::string_t>(contained));
    duckdb::UnaryExecutor::Execute<duckdb::string_t, bool>(container, result, args.size(), [&](duckdb::string_t text) {
      return Contains(ParseOrThrow(text), wanted, true);
    });
    return;
  }
  duckdb::BinaryExecutor::Execute<duckdb::string_t, duckdb::string_t, bool>(
      container, contained, result, args.size(),
      [](duckdb::string_t a, duckdb::string_t b) { return Contains(ParseOrThrow(a), ParseOrThrow(b), true); });
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
  return Contains(a, b, true);
}

void RegisterJsonContainment(duckdb::Connection& admin) {
  AddOverload(admin, "@>", Execute<false>);
  AddOverload(admin, "<@", Execute<true>);
}

}  // namespace kalam::engine::internal
