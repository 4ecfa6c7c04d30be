#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace kalam::engine::internal {

/// PostgreSQL's to_char(timestamp, pattern) pattern as a format of DuckDB's strftime:
/// YYYY YY IYYY MM DD DDD IW HH24 HH12 HH MI SS MS US (any case; FM before one drops its leading
/// zeros), AM PM, Mon Dy FMMonth FMDay, TZ (`UTC`: timestamps are UTC) and OF (`+00`), "quoted
/// text" and any other character as written. INVALID_PARAMETER names the first element it does
/// not translate (e.g. `Month`, which PostgreSQL pads to 9 characters) or a number's 9 or 0
/// (to_char formats numbers with postgres_number_format.h; to_timestamp cannot parse with them).
Result<std::string> StrftimeFormat(std::string_view pattern);

}  // namespace kalam::engine::internal
