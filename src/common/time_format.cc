#include "common/time_format.h"

#include <fmt/format.h>

namespace kalam {
namespace {

// Howard Hinnant's civil_from_days: days since 1970-01-01 → (y, m, d).
void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yy + (*m <= 2 ? 1 : 0);
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::string FormatDateDays(int64_t days) {
  if (days == kDateInfinity || days == -kDateInfinity) return days > 0 ? "infinity" : "-infinity";
  int64_t y = 0;
  unsigned m = 0;
  unsigned d = 0;
  CivilFromDays(days, &y, &m, &d);
  return fmt::format("{:04d}-{:02d}-{:02d}", y, m, d);
}

std::string FormatTimeMicros(int64_t micros) {
  const int64_t us = micros % 1000000;
  const int64_t secs = micros / 1000000;
  return fmt::format("{:02d}:{:02d}:{:02d}.{:06d}", secs / 3600, (secs / 60) % 60, secs % 60, us);
}

std::string FormatTimestampMicros(int64_t micros) {
  if (micros == kTimestampInfinity || micros == -kTimestampInfinity) return micros > 0 ? "infinity" : "-infinity";
  constexpr int64_t kDay = 86400LL * 1000000LL;
  const int64_t days = FloorDiv(micros, kDay);
  const int64_t rest = micros - days * kDay;
  return FormatDateDays(days) + "T" + FormatTimeMicros(rest) + "Z";
}

}  // namespace kalam
