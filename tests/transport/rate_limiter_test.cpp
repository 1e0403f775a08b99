// The pacer behind ClientOptions::max_requests_per_second: starts are spaced from the moment the
// previous one really started, so a late I/O thread never catches up in a burst.

#include "transport/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "time/time_source.hpp"

namespace {

using std::chrono::milliseconds;
using useapi::luma::detail::Clock;
using useapi::luma::detail::RateLimiter;
using useapi::luma::detail::SimulatedTime;

TEST(RateLimiter, TheFirstRequestMayStartAtOnce) {
  const RateLimiter limiter(20);
  EXPECT_LE(limiter.nextStart(), Clock::now());
}

TEST(RateLimiter, TheNextStartIsOneSpacingAfterTheLastStart) {
  RateLimiter limiter(20);  // 50 ms apart
  const Clock::time_point start = Clock::now();
  limiter.recordStart(start);
  EXPECT_EQ(limiter.nextStart(), start + milliseconds(50));
}

TEST(RateLimiter, ALateStartPushesTheNextOneBackInsteadOfAllowingABurst) {
  RateLimiter limiter(4);  // 250 ms apart
  const Clock::time_point start = Clock::now();
  limiter.recordStart(start);
  const Clock::time_point late = start + milliseconds(900);  // three slots were missed
  limiter.recordStart(late);
  EXPECT_EQ(limiter.nextStart(), late + milliseconds(250));
}

TEST(RateLimiter, TryStartTakesASlotOnlyWhenItHasComeOnTheInjectedClock) {
  const auto time = std::make_shared<SimulatedTime>();
  RateLimiter limiter(5, time);  // 200 ms apart
  EXPECT_EQ(limiter.tryStart(), std::nullopt);
  EXPECT_EQ(limiter.tryStart(), time->now() + milliseconds(200));
  time->advance(milliseconds(199));
  EXPECT_EQ(limiter.tryStart(), time->now() + milliseconds(1)) << "a refusal records nothing";
  time->advance(milliseconds(1));
  EXPECT_EQ(limiter.tryStart(), std::nullopt);
  EXPECT_EQ(limiter.nextStart(), time->now() + milliseconds(200));
}

}  // namespace
