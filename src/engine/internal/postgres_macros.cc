#include "engine/internal/postgres_macros.h"

#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "engine/internal/errors.h"

namespace kalam::engine::internal {

Status RegisterPostgresMacros(duckdb::Connection& admin) {
  static constexpr const char* kMacros[] = {
      "CREATE MACRO array_upper(a, d) AS CASE WHEN d = 1 AND len(a) > 0 THEN len(a) END",
      "CREATE MACRO array_lower(a, d) AS CASE WHEN d = 1 AND len(a) > 0 THEN 1 END",
      "CREATE MACRO array_ndims(a) AS CASE WHEN len(a) > 0 THEN 1 END",
      "CREATE MACRO array_remove(a, x) AS list_filter(a, e -> e IS DISTINCT FROM x)",
      "CREATE MACRO regexp_count(s, p) AS len(regexp_extract_all(s, p))",
      "CREATE MACRO encode(b, f) AS CASE lower(f) WHEN 'base64' THEN to_base64(b) WHEN 'hex' THEN lower(hex(b)) "
      "ELSE error('unrecognized encoding: \"' || f || '\"') END",
      "CREATE MACRO decode(s, f) AS CASE lower(f) WHEN 'base64' THEN from_base64(s) WHEN 'hex' THEN unhex(s) "
      "ELSE error('unrecognized encoding: \"' || f || '\"') END",
      "CREATE MACRO kalam_sha256(x) AS unhex(sha256(x))",
      // The integer quotient, truncated toward zero (numeric, as PostgreSQL's).
      "CREATE MACRO div(a, b) AS CAST(trunc(a / b) AS DECIMAL(38,0))",
      "CREATE MACRO width_bucket(x, lo, hi, n) AS CASE WHEN x < lo THEN 0 WHEN x >= hi THEN n + 1 "
      "ELSE CAST(floor((x - lo) * n / (hi - lo)) AS BIGINT) + 1 END",
  };
  std::vector<std::string> statements(std::begin(kMacros), std::end(kMacros));
  // version() (renamed to kalam_version): KalamDB's, not the engine's alone.
  statements.push_back(fmt::format("CREATE MACRO kalam_version() AS 'KalamDB {} (PostgreSQL-dialect SQL, DuckDB {} engine)'",
                                   KALAM_VERSION, duckdb::DuckDB::LibraryVersion()));
  for (const std::string& sql : statements) {
    auto result = admin.Query(sql);
    if (result->HasError()) return FromErrorData(result->GetErrorObject(), sql);
  }
  return Status::OK();
}

}  // namespace kalam::engine::internal
