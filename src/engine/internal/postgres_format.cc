#include "engine/internal/postgres_format.h"

#include <optional>
#include <string>
#include <vector>

#include "duckdb/common/exception/conversion_exception.hpp"
#include "duckdb/common/vector_operations/binary_executor.hpp"
#include "duckdb/common/vector_operations/unary_executor.hpp"
#include "duckdb/function/scalar_function.hpp"
#include "duckdb/main/client_context.hpp"
#include "engine/internal/postgres_number_format.h"
#include "engine/internal/postgres_text.h"
#include "engine/internal/system_scan.h"

namespace kalam::engine::internal {
namespace {

void Execute(duckdb::DataChunk& args, duckdb::ExpressionState&, duckdb::Vector& result) {
  const duckdb::idx_t count = args.size();
  std::vector<std::optional<std::string>> texts(args.ColumnCount() - 1);
  for (duckdb::idx_t row = 0; row < count; ++row) {
    const duckdb::Value format = args.data[0].GetValue(row);
    if (format.IsNull()) {
      result.SetValue(row, duckdb::Value(duckdb::LogicalType::VARCHAR));
      continue;
    }
    for (duckdb::idx_t c = 1; c < args.ColumnCount(); ++c) {
      const duckdb::Value v = args.data[c].GetValue(row);
      if (v.IsNull()) {
        texts[c - 1].reset();
      } else if (v.type().id() == duckdb::LogicalTypeId::BOOLEAN) {
        texts[c - 1] = v.GetValue<bool>() ? "t" : "f";
      } else {
        texts[c - 1] = v.ToString();
      }
    }
    auto out = PostgresFormat(duckdb::StringValue::Get(format), texts);
    if (!out.ok()) throw duckdb::InvalidInputException(out.error().message());
    result.SetValue(row, duckdb::Value(std::move(*out)));
  }
}

void ToCharNumber(duckdb::DataChunk& args, duckdb::ExpressionState&, duckdb::Vector& result) {
  duckdb::BinaryExecutor::Execute<duckdb::string_t, duckdb::string_t, duckdb::string_t>(
      args.data[0], args.data[1], result, args.size(), [&result](duckdb::string_t number, duckdb::string_t pattern) {
        auto out = FormatNumber(number.GetString(), pattern.GetString());
        if (!out.ok()) {
          if (out.error().code() == ErrorCode::kInvalidTextRepresentation) {
            throw duckdb::ConversionException(out.error().message());
          }
          if (out.error().code() == ErrorCode::kNumericValueOutOfRange) {
            throw duckdb::OutOfRangeException(out.error().message());
          }
          throw duckdb::InvalidInputException(out.error().message());
        }
        return duckdb::StringVector::AddString(result, *out);
      });
}

}  // namespace

void RegisterPostgresFormat(duckdb::Connection& admin) {
  duckdb::ScalarFunction fn(kPostgresFormat, {duckdb::LogicalType::VARCHAR}, duckdb::LogicalType::VARCHAR, Execute);
  fn.varargs = duckdb::LogicalType::ANY;
  fn.null_handling = duckdb::FunctionNullHandling::SPECIAL_HANDLING;  // NULL arguments are formatted
  RegisterScalarFunction(admin, std::move(fn));
  RegisterScalarFunction(admin, duckdb::ScalarFunction(kToCharNumber, {duckdb::LogicalType::VARCHAR, duckdb::LogicalType::VARCHAR},
                                                       duckdb::LogicalType::VARCHAR, ToCharNumber));
  // PostgreSQL's octet_length(text): DuckDB's takes BLOB or BIT only (`octet_length('é')` was
  // "Could not choose a best candidate function").
  RegisterScalarFunction(
      admin,
      duckdb::ScalarFunction("octet_length", {duckdb::LogicalType::VARCHAR}, duckdb::LogicalType::BIGINT,
                             [](duckdb::DataChunk& args, duckdb::ExpressionState&, duckdb::Vector& result) {
                               duckdb::UnaryExecutor::Execute<duckdb::string_t, int64_t>(
                                   args.data[0], result, args.size(),
                                   [](duckdb::string_t s) { return static_cast<int64_t>(s.GetSize()); });
                             }),
      /*overload=*/true);
  auto text_function = [&admin](const char* name, std::string (*convert)(const std::string&), bool nullable) {
    duckdb::ScalarFunction f(
        name, {duckdb::LogicalType::VARCHAR}, duckdb::LogicalType::VARCHAR,
        [convert, nullable](duckdb::DataChunk& args, duckdb::ExpressionState&, duckdb::Vector& result) {
          for (duckdb::idx_t row = 0; row < args.size(); ++row) {
            const duckdb::Value v = args.data[0].GetValue(row);
            if (v.IsNull()) {
              result.SetValue(row, nullable ? duckdb::Value("NULL") : duckdb::Value(duckdb::LogicalType::VARCHAR));
            } else {
              result.SetValue(row, duckdb::Value(convert(duckdb::StringValue::Get(v))));
            }
          }
        });
    if (nullable) f.null_handling = duckdb::FunctionNullHandling::SPECIAL_HANDLING;
    RegisterScalarFunction(admin, std::move(f));
  };
  text_function("quote_ident", QuoteIdent, false);
  text_function("quote_literal", QuoteLiteral, false);
  text_function("quote_nullable", QuoteLiteral, true);
  text_function("initcap", [](const std::string& s) { return InitCap(s); }, false);
}

}  // namespace kalam::engine::internal
