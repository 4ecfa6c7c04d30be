#pragma once

#include <cstdint>

namespace kalam {

/// Source of wall-clock time, injected so tests can use a fake one.
class Clock {
 public:
  virtual ~Clock() = default;
  /// Microseconds since the Unix epoch (UTC).
  virtual int64_t NowMicros() const = 0;
};

/// The real clock.
class SystemClock final : public Clock {
 public:
  int64_t NowMicros() const override;
};

/// A clock that returns what it is told, for tests.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t now_us) : now_us_(now_us) {}
  int64_t NowMicros() const override { return now_us_; }
  void Advance(int64_t delta_us) { now_us_ += delta_us; }

 private:
  int64_t now_us_;
};

}  // namespace kalam
