#pragma once

#include <exception>
#include <string_view>

#include "common/status.h"
#include "duckdb.hpp"
#include "duckdb/common/error_data.hpp"

namespace kalam::engine::internal {

/// Converts an exception thrown by DuckDB into a Status with a CONTRACT code and PostgreSQL-like
/// wording. `sql` is the text DuckDB saw, for turning its byte offsets into 1-based positions.
Status FromEngine(const std::exception& ex, std::string_view sql);
/// The same for an error DuckDB returned in a result.
Status FromErrorData(const duckdb::ErrorData& error, std::string_view sql);

}  // namespace kalam::engine::internal
