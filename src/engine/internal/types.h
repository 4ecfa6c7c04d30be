#pragma once

#include "common/data_type.h"
#include "common/value.h"
#include "duckdb.hpp"

namespace kalam::engine::internal {

/// KalamDB column type → DuckDB type (JSON and FILE become DuckDB's JSON alias of VARCHAR).
duckdb::LogicalType ToLogicalType(const DataType& type);
/// DuckDB result type → KalamDB type. Nested types become kJson; HUGEINT/UBIGINT DECIMAL(38,0);
/// types with no KalamDB counterpart (INTERVAL, BIT, ...) kOther with DuckDB's name.
DataType FromLogicalType(const duckdb::LogicalType& type);
/// A cell of a KalamDB column as a DuckDB value of ToLogicalType(type).
duckdb::Value ToDuckValue(const Value& value, const DataType& type);
/// A request parameter ($n): typed by its JSON kind; DuckDB casts it where it is used.
duckdb::Value ParamToDuckValue(const Value& value);
/// A DuckDB result value as a cell of a column of FromLogicalType(value type).
Value FromDuckValue(const duckdb::Value& value, const DataType& type);

}  // namespace kalam::engine::internal
