#include "transport/rate_limiter.hpp"

#include <utility>

namespace useapi::luma::detail {

RateLimiter::RateLimiter(double per_second, std::shared_ptr<TimeSource> time)
    : spacing_(std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(1.0 / per_second))),
      time_(std::move(time)) {}

void RateLimiter::recordStart(Clock::time_point now) { next_start_ = now + spacing_; }

std::optional<Clock::time_point> RateLimiter::tryStart() {
  const Clock::time_point now = time_->now();
  if (now < next_start_) return next_start_;
  recordStart(now);
  return std::nullopt;
}

}  // namespace useapi::luma::detail
