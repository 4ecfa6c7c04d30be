#include "engine/internal/statement_time.h"

#include <algorithm>

#include "common/strings.h"
#include "duckdb/common/types/date.hpp"
#include "duckdb/common/types/time.hpp"
#include "duckdb/common/types/timestamp.hpp"

namespace kalam::engine::internal {
namespace {

enum class TimeKind : uint8_t { kTimestampTz, kTimestamp, kDate, kTimeTz, kTime };

struct TimeName {
  std::string_view name;
  TimeKind kind;
  bool bare;        // may be written without parentheses (SQL's keywords)
  bool call;        // may be written with them
  bool precision;   // takes (p)
};

constexpr TimeName kNames[] = {
    {"now", TimeKind::kTimestampTz, false, true, false},
    {"transaction_timestamp", TimeKind::kTimestampTz, false, true, false},
    {"current_timestamp", TimeKind::kTimestampTz, true, true, true},
    {"localtimestamp", TimeKind::kTimestamp, true, true, true},
    {"current_date", TimeKind::kDate, true, false, false},
    {"today", TimeKind::kDate, false, true, false},
    {"current_time", TimeKind::kTimeTz, true, true, true},
    {"localtime", TimeKind::kTime, true, true, true},
};

/// `us` rounded to `digits` fractional digits of a second, half away from zero (as PostgreSQL).
int64_t RoundMicros(int64_t us, int64_t digits) {
  int64_t unit = 1;
  for (int64_t d = std::clamp<int64_t>(digits, 0, 6); d < 6; ++d) unit *= 10;
  const int64_t half = unit / 2;
  return us >= 0 ? (us + half) / unit * unit : -((-us + half) / unit * unit);
}

}  // namespace

std::optional<duckdb::Value> StatementTimeValue(std::string_view name, bool called, std::optional<int64_t> precision,
                                                int64_t now_us) {
  for (const TimeName& entry : kNames) {
    if (!EqualsIgnoreCase(entry.name, name)) continue;
    if (called ? !entry.call : !entry.bare) return std::nullopt;
    if (precision && (!entry.precision || *precision < 0)) return std::nullopt;
    if (called && entry.precision && !precision) return std::nullopt;  // `current_timestamp()` is no SQL
    const int64_t us = precision ? RoundMicros(now_us, *precision) : now_us;
    const duckdb::timestamp_t ts(us);
    switch (entry.kind) {
      case TimeKind::kTimestampTz:
        return duckdb::Value::TIMESTAMPTZ(duckdb::timestamp_tz_t(ts));
      case TimeKind::kTimestamp:
        return duckdb::Value::TIMESTAMP(ts);
      case TimeKind::kDate:
        return duckdb::Value::DATE(duckdb::Timestamp::GetDate(ts));
      case TimeKind::kTimeTz:
        return duckdb::Value::TIMETZ(duckdb::dtime_tz_t(duckdb::Timestamp::GetTime(ts), 0));
      case TimeKind::kTime:
        return duckdb::Value::TIME(duckdb::Timestamp::GetTime(ts));
    }
  }
  return std::nullopt;
}

}  // namespace kalam::engine::internal
