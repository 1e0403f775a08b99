#include "transport/rate_limiter.hpp"

namespace useapi::luma::detail {

RateLimiter::RateLimiter(double per_second)
    : spacing_(std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(1.0 / per_second))) {}

void RateLimiter::recordStart(Clock::time_point now) { next_start_ = now + spacing_; }

}  // namespace useapi::luma::detail
