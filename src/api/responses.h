#pragma once

#include <optional>

#include "api/http_types.h"
#include "common/status.h"
#include "exec/statement_result.h"

namespace kalam::api {

/// The CONTRACT §2 error body, with the HTTP status of the error code.
HttpResponse ErrorResponse(const Status& status, double took_ms,
                           std::optional<int> statement_index = std::nullopt);

/// The CONTRACT §2 body of a batch: success with every result, or the error of the failing
/// statement (earlier results are committed but not returned, as the contract's body shows).
HttpResponse BatchResponse(const exec::BatchResult& batch, double took_ms);

}  // namespace kalam::api
