#pragma once
// The shared request budget of a client: at most N requests started per second, all together.

#include <chrono>

#include "transport/http_types.hpp"

namespace useapi::luma::detail {

/// Spaces request starts evenly, 1/N second apart, so that no one-second window holds more
/// than N of them (plus the one at its edge). A pacer without bursts: a thousand waits polling
/// at once are spread out instead of tripping the account's rate limit. I/O thread only.
class RateLimiter {
 public:
  /// A limiter of `per_second` requests per second (> 0).
  explicit RateLimiter(double per_second);

  /// Books the next free start time at or after `now` and returns it.
  Clock::time_point reserve(Clock::time_point now);

 private:
  Clock::duration spacing_;
  Clock::time_point next_free_;
};

}  // namespace useapi::luma::detail
