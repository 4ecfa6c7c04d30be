#pragma once

#include <vector>

#include "catalog/storage_record.h"
#include "sql/ast/create_storage.h"

namespace kalam::exec::handlers {

/// Applies CREATE/ALTER STORAGE options to the record and checks the result: a known type, a uri
/// of that type (an absolute path for filesystem, `s3://bucket/…` for S3), valid path templates
/// (CONTRACT §4), credentials as a JSON object. INVALID_PARAMETER naming what is wrong.
Status ApplyStorageOptions(const std::vector<sql::StorageOption>& options, catalog::StorageRecord& storage);

}  // namespace kalam::exec::handlers
