#pragma once

#include <algorithm>
#include <string_view>

#include "api/api_context.h"
#include "api/http_types.h"

namespace kalam::api::routes {

/// The id after `prefix` in the request's path (`/v1/files/{id}`), without a query string.
inline std::string_view PathId(const HttpRequest& req, std::string_view prefix) {
  std::string_view id = req.path;
  id.remove_prefix(std::min(prefix.size(), id.size()));
  return id.substr(0, id.find('?'));
}

/// `run` off the I/O thread: in the password lane when the credentials need a password checked
/// (Argon2id), else in the query lane (it reads storage or runs a query).
inline Routed DeferredByCredentials(const HttpRequest& req, ApiContext& ctx,
                                    HttpResponse (*run)(const HttpRequest&, ApiContext&)) {
  const Lane lane = ctx.authenticator->IsQuick(req.authorization) ? Lane::kQuery : Lane::kPassword;
  return DeferredResponse{lane, [&ctx, run](const HttpRequest& r) { return run(r, ctx); }};
}

}  // namespace kalam::api::routes
