#include "common/time_parse.h"

#include <limits>
#include <optional>

#include "common/strings.h"
#include "common/time_format.h"

namespace kalam {
namespace {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;
// Days a timestamp in microseconds can reach either side of the epoch (about 292,000 years).
constexpr int64_t kMaxTimestampDays = std::numeric_limits<int64_t>::max() / kMicrosPerDay - 1;

// Howard Hinnant's days_from_civil: (y, m, d) → days since 1970-01-01.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

/// A read position in the text.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : s_(text) {}

  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek() const { return AtEnd() ? '\0' : s_[pos_]; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  /// Skips blanks; how many there were.
  size_t SkipBlanks() {
    size_t start = pos_;
    while (!AtEnd() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
    return pos_ - start;
  }
  /// The length of the run of digits at the cursor.
  size_t DigitRun() const {
    size_t n = 0;
    while (pos_ + n < s_.size() && IsDigit(s_[pos_ + n])) ++n;
    return n;
  }
  /// Reads exactly `n` digits.
  bool Number(size_t n, int64_t* out) {
    if (n == 0 || DigitRun() < n) return false;
    int64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = v * 10 + (s_[pos_++] - '0');
    *out = v;
    return true;
  }
  /// Case-insensitive: the rest starts with `word` (lower case); consumes it.
  bool EatWord(std::string_view word) {
    if (s_.size() - pos_ < word.size()) return false;
    for (size_t i = 0; i < word.size(); ++i) {
      char c = s_[pos_ + i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != word[i]) return false;
    }
    pos_ += word.size();
    return true;
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

bool ValidDay(int64_t y, int64_t m, int64_t d) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

/// YYYY-M-D (4 to 6 year digits, 1 or 2 for month and day) or YYYYMMDD.
bool ReadDate(Cursor& c, int64_t* days) {
  int64_t y = 0, m = 0, d = 0;
  const size_t run = c.DigitRun();
  if (run == 8) {
    if (!c.Number(4, &y) || !c.Number(2, &m) || !c.Number(2, &d)) return false;
  } else {
    if (run < 4 || run > 6 || !c.Number(run, &y) || !c.Eat('-')) return false;
    size_t mr = c.DigitRun();
    if (mr < 1 || mr > 2 || !c.Number(mr, &m) || !c.Eat('-')) return false;
    size_t dr = c.DigitRun();
    if (dr < 1 || dr > 2 || !c.Number(dr, &d)) return false;
  }
  if (!ValidDay(y, m, d)) return false;
  *days = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

/// H[H]:MM[:SS[.fraction]] → micros since midnight; fractions round to microseconds.
bool ReadClock(Cursor& c, int64_t* micros) {
  int64_t h = 0, mi = 0, s = 0, frac = 0;
  size_t hr = c.DigitRun();
  if (hr < 1 || hr > 2 || !c.Number(hr, &h) || !c.Eat(':') || c.DigitRun() != 2 || !c.Number(2, &mi)) return false;
  if (c.Eat(':')) {
    if (c.DigitRun() != 2 || !c.Number(2, &s)) return false;
    if (c.Eat('.')) {
      size_t fr = c.DigitRun();
      if (fr == 0) return false;
      int64_t digit = 0;
      for (size_t i = 0; i < fr; ++i) {
        c.Number(1, &digit);
        if (i < 6) frac = frac * 10 + digit;
        if (i == 6 && digit >= 5) ++frac;  // rounds: the 7th digit decides
      }
      for (size_t i = fr; i < 6; ++i) frac *= 10;
    }
  }
  if (h > 24 || mi > 59 || s > 60) return false;
  const int64_t total = ((h * 60 + mi) * 60 + s) * kMicrosPerSecond + frac;
  if (total > kMicrosPerDay) return false;  // 24:00:00 is the last instant PostgreSQL accepts
  *micros = total;
  return true;
}

/// Z, UTC, GMT, or ±H[H][[:]MM[[:]SS]] → seconds east of UTC.
bool ReadZone(Cursor& c, int64_t* offset_s) {
  *offset_s = 0;
  if (c.Eat('Z') || c.Eat('z') || c.EatWord("utc") || c.EatWord("gmt")) return true;
  const char sign = c.Peek();
  if (sign != '+' && sign != '-') return false;
  c.Eat(sign);
  int64_t h = 0, m = 0, s = 0;
  const size_t run = c.DigitRun();
  if (run == 4 || run == 6) {  // hhmm, hhmmss
    if (!c.Number(2, &h) || !c.Number(2, &m) || (run == 6 && !c.Number(2, &s))) return false;
  } else {
    if (run < 1 || run > 2 || !c.Number(run, &h)) return false;
    if (c.Eat(':')) {
      if (!c.Number(2, &m)) return false;
      if (c.Eat(':') && !c.Number(2, &s)) return false;
    }
  }
  if (h > 15 || m > 59 || s > 59) return false;
  *offset_s = (h * 3600 + m * 60 + s) * (sign == '-' ? -1 : 1);
  return true;
}

enum class Special { kNone, kEpoch, kInfinity, kMinusInfinity };

Special ReadSpecial(std::string_view text) {
  Cursor c(text);
  if (c.EatWord("epoch")) return c.AtEnd() ? Special::kEpoch : Special::kNone;
  if (c.EatWord("infinity") || c.EatWord("+infinity")) return c.AtEnd() ? Special::kInfinity : Special::kNone;
  if (c.EatWord("-infinity")) return c.AtEnd() ? Special::kMinusInfinity : Special::kNone;
  return Special::kNone;
}

/// epoch (0) and ±infinity (±`infinity`); nullopt for any other text.
std::optional<int64_t> SpecialValue(std::string_view text, int64_t infinity) {
  switch (ReadSpecial(text)) {
    case Special::kEpoch:
      return 0;
    case Special::kInfinity:
      return infinity;
    case Special::kMinusInfinity:
      return -infinity;
    case Special::kNone:
      break;
  }
  return std::nullopt;
}

/// The pieces of "date [time] [zone]".
struct Stamp {
  int64_t days = 0;
  int64_t time_us = 0;
  int64_t offset_s = 0;
};

bool ReadStamp(std::string_view text, Stamp* out) {
  Cursor c(text);
  if (!ReadDate(c, &out->days)) return false;
  if (c.AtEnd()) return true;
  const bool t = c.Eat('T') || c.Eat('t');
  if (c.SkipBlanks() == 0 && !t) return false;
  if (c.AtEnd()) return !t;
  if (!ReadClock(c, &out->time_us)) return false;
  c.SkipBlanks();
  if (!c.AtEnd() && !ReadZone(c, &out->offset_s)) return false;
  return c.AtEnd();
}

}  // namespace

bool ParseTimestampMicros(std::string_view text, int64_t* micros) {
  text = TrimBlanks(text);
  if (auto special = SpecialValue(text, kTimestampInfinity)) {
    *micros = *special;
    return true;
  }
  Stamp stamp;
  if (!ReadStamp(text, &stamp) || stamp.days > kMaxTimestampDays || stamp.days < -kMaxTimestampDays) return false;
  *micros = stamp.days * kMicrosPerDay + stamp.time_us - stamp.offset_s * kMicrosPerSecond;
  return true;
}

bool ParseDateDays(std::string_view text, int64_t* days) {
  text = TrimBlanks(text);
  if (auto special = SpecialValue(text, kDateInfinity)) {
    *days = *special;
    return true;
  }
  Stamp stamp;
  if (!ReadStamp(text, &stamp) || stamp.days >= kDateInfinity || stamp.days <= -kDateInfinity) return false;
  *days = stamp.days;
  return true;
}

bool ParseTimeMicros(std::string_view text, int64_t* micros) {
  Cursor c(TrimBlanks(text));
  if (c.EatWord("allballs")) {  // PostgreSQL's name for 00:00:00
    *micros = 0;
    return c.AtEnd();
  }
  if (!ReadClock(c, micros)) return false;
  c.SkipBlanks();
  int64_t ignored = 0;
  if (!c.AtEnd() && !ReadZone(c, &ignored)) return false;
  return c.AtEnd();
}

}  // namespace kalam
