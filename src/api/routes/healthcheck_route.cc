#include <fmt/format.h>

#include "api/routes/routes.h"

namespace kalam::api::routes {

Routed Healthcheck(const HttpRequest&, ApiContext& ctx) {
  int64_t uptime_s = (ctx.clock->NowMicros() - ctx.started_at_us) / 1000000;
  HttpResponse response;
  response.body = fmt::format(R"({{"status":"healthy","version":"{}","uptime_s":{}}})", ctx.version,
                              uptime_s);
  return response;
}

}  // namespace kalam::api::routes
