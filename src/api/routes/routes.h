#pragma once

#include "api/api_context.h"
#include "api/http_types.h"

namespace kalam::api::routes {

// One route per file.

/// GET /v1/api/healthcheck (no auth).
HttpResponse Healthcheck(const HttpRequest& req, ApiContext& ctx);
/// POST /v1/api/auth/login (no auth): {"username","password"} → token.
HttpResponse Login(const HttpRequest& req, ApiContext& ctx);
/// POST /v1/api/sql (Basic or Bearer): {"sql","params"?,"namespace"?} → results.
HttpResponse Sql(const HttpRequest& req, ApiContext& ctx);

}  // namespace kalam::api::routes
