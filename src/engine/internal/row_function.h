#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "duckdb.hpp"
#include "duckdb/common/exception/conversion_exception.hpp"
#include "duckdb/common/exception/parser_exception.hpp"
#include "duckdb/function/scalar_function.hpp"
#include "engine/internal/system_scan.h"

namespace kalam::engine::internal {

/// The arguments of one row of a scalar function written row by row (the PostgreSQL functions
/// KalamDB adds, where parsing the text of each value costs more than the boxing).
using FunctionRow = std::vector<duckdb::Value>;

/// A Status as the DuckDB exception that FromEngine turns back into it:
/// INVALID_TEXT_REPRESENTATION a conversion error, SYNTAX_ERROR a parser error, anything else
/// invalid input (INVALID_PARAMETER).
[[noreturn]] inline void ThrowStatus(const Status& status) {
  if (status.code() == ErrorCode::kInvalidTextRepresentation) throw duckdb::ConversionException(status.message());
  if (status.code() == ErrorCode::kSyntaxError) throw duckdb::ParserException(status.message());
  throw duckdb::InvalidInputException(status.message());
}

/// The value, or its error thrown (ThrowStatus).
template <class T>
T ValueOrThrow(Result<T> result) {
  if (!result.ok()) ThrowStatus(result.error());
  return std::move(*result);
}

/// Runs kFn on each row's arguments: NULL when any argument is NULL (PostgreSQL's functions are
/// strict), computed once when every argument is a constant.
template <duckdb::Value (*kFn)(const FunctionRow&)>
void ExecuteRows(duckdb::DataChunk& args, duckdb::ExpressionState&, duckdb::Vector& result) {
  bool constant = true;
  for (auto& column : args.data) constant = constant && column.GetVectorType() == duckdb::VectorType::CONSTANT_VECTOR;
  const duckdb::idx_t count = constant ? 1 : args.size();
  FunctionRow row(args.ColumnCount());
  for (duckdb::idx_t i = 0; i < count; ++i) {
    bool null = false;
    for (duckdb::idx_t c = 0; c < row.size(); ++c) {
      row[c] = args.data[c].GetValue(i);
      null = null || row[c].IsNull();
    }
    result.SetValue(i, null ? duckdb::Value(result.GetType()) : kFn(row));
  }
  if (constant) result.SetVectorType(duckdb::VectorType::CONSTANT_VECTOR);
}

/// Registers kFn (ExecuteRows) as an overload of `name` on the admin connection.
template <duckdb::Value (*kFn)(const FunctionRow&)>
void AddRowFunction(duckdb::Connection& admin, const std::string& name, duckdb::vector<duckdb::LogicalType> arguments,
                    duckdb::LogicalType result, duckdb::LogicalType varargs = duckdb::LogicalType::INVALID) {
  duckdb::ScalarFunction fn(name, std::move(arguments), std::move(result), ExecuteRows<kFn>);
  fn.varargs = std::move(varargs);
  RegisterScalarFunction(admin, std::move(fn), /*overload=*/true);
}

}  // namespace kalam::engine::internal
