#pragma once
// The shared request budget of a client: at most N requests started per second, all together.

#include <chrono>
#include <memory>
#include <optional>

#include "time/time_source.hpp"
#include "transport/http_types.hpp"

namespace useapi::luma::detail {

/// Keeps request starts at least 1/N second apart, measured between the moments they really
/// started, so that no one-second window holds more than N of them (plus the one at its edge),
/// even when the I/O thread wakes late. A pacer without bursts: a thousand waits polling at once
/// are spread out instead of tripping the account's rate limit. I/O thread only.
class RateLimiter {
 public:
  /// A limiter of `per_second` requests per second (> 0), on `time` (the steady clock by
  /// default).
  explicit RateLimiter(double per_second, std::shared_ptr<TimeSource> time = systemTime());

  /// The earliest moment the next request may start.
  [[nodiscard]] Clock::time_point nextStart() const { return next_start_; }

  /// Records that a request started at `now`: the next may start one spacing later.
  void recordStart(Clock::time_point now);

  /// Starts a request now if the budget allows (records it and returns nothing); otherwise
  /// returns when the next may start, recording nothing.
  std::optional<Clock::time_point> tryStart();

 private:
  Clock::duration spacing_;
  Clock::time_point next_start_;
  std::shared_ptr<TimeSource> time_;
};

}  // namespace useapi::luma::detail
