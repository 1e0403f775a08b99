#include "transport/rate_limiter.hpp"

#include <algorithm>

namespace useapi::luma::detail {

RateLimiter::RateLimiter(double per_second)
    : spacing_(std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(1.0 / per_second))) {}

Clock::time_point RateLimiter::reserve(Clock::time_point now) {
  const Clock::time_point slot = std::max(now, next_free_);
  next_free_ = slot + spacing_;
  return slot;
}

}  // namespace useapi::luma::detail
