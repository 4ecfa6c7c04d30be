#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"

namespace kalam {

/// A cell as JSON (CONTRACT §2): BIGINT as a string, timestamps/dates/times as text, JSON as is,
/// bytes as base64, NULL as null.
void AppendValueJson(std::string* out, const Value& value, const DataType& type);

/// `[cell,…]`: a row, each cell as AppendValueJson encodes its column's type.
void AppendRowJson(std::string* out, const Row& row, const std::vector<ColumnInfo>& columns);

/// `"code":…,"sqlstate":…,"message":…` of an error (CONTRACT §2), shared by HTTP and WebSocket answers.
void AppendErrorFieldsJson(std::string* out, const Status& status);

/// `"schema":[{"name":…,"data_type":…,"index":i,"flags":[…]},…]`.
void AppendSchemaJson(std::string* out, const std::vector<ColumnInfo>& columns);

}  // namespace kalam
