#pragma once

#include "api/api_context.h"
#include "api/http_types.h"

namespace kalam::api::routes {

// One route per file. A route runs on an I/O thread: it answers there only what is short and
// never blocks, and defers the rest to a worker.

/// GET /v1/api/healthcheck (no auth).
Routed Healthcheck(const HttpRequest& req, ApiContext& ctx);
/// POST /v1/api/auth/login (no auth): {"username","password"} → token. Deferred (Argon2id).
Routed Login(const HttpRequest& req, ApiContext& ctx);
/// POST /v1/api/sql (Basic or Bearer): {"sql","params"?,"namespace"?} → results. When the
/// credentials need no hashing, a primary-key SELECT is answered at once; everything else is
/// deferred (to the password lane when a password must be checked).
Routed Sql(const HttpRequest& req, ApiContext& ctx);
/// GET /v1/exports/{export_id} (Basic or Bearer): the file of the caller's completed EXPORT USER
/// DATA, as JSON; NOT_FOUND for anyone else's (or an unknown id), OBJECT_IN_USE until it is done.
Routed Export(const HttpRequest& req, ApiContext& ctx);
/// POST /v1/files (Basic or Bearer; multipart/form-data, field `file`): stores the file in the
/// caller's storage and answers its kalam.user_files row as JSON (exec/user_files.h).
Routed FilesUpload(const HttpRequest& req, ApiContext& ctx);
/// GET /v1/files/{file_id} (Basic or Bearer): the caller's file, with its stored type; NOT_FOUND
/// for anyone else's.
Routed FilesDownload(const HttpRequest& req, ApiContext& ctx);

}  // namespace kalam::api::routes
