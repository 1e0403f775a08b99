#pragma once
// Admission to the multi: attempts wait in line for a place (at most so many transfers at once)
// and, with a rate budget, for their turn.

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

#include "transport/exchange.hpp"
#include "transport/rate_limiter.hpp"
#include "transport/timer_queue.hpp"

namespace useapi::luma::detail {

/// Attempts of the I/O thread not started yet, in order. Starts them through `launch` while
/// fewer than `max_active` are running and, with a RateLimiter, no sooner than it allows: a
/// timer wakes the line when the next may start. Ten thousand due polls so cost a small record
/// each instead of an easy handle and a receive buffer each. I/O thread only.
class AdmissionLine {
 public:
  /// Starts an attempt; true when it is now running (until transferEnded()).
  using Launch = std::function<bool(const std::shared_ptr<Exchange>&)>;

  /// A line for at most `max_active` running attempts, paced by `limiter` when set, its pace
  /// timer on `timers`.
  AdmissionLine(std::size_t max_active, std::optional<RateLimiter> limiter, TimerQueue& timers,
                Launch launch);

  /// Queues `exchange`'s next attempt and starts what may start.
  void push(std::shared_ptr<Exchange> exchange);
  /// A running attempt ended (or was removed): starts what may start.
  void transferEnded();
  /// Removes and returns the waiting exchange for which `matches` is true, if any.
  std::shared_ptr<Exchange> remove(const std::function<bool(const Exchange&)>& matches);
  /// Removes and returns every waiting exchange.
  std::deque<std::shared_ptr<Exchange>> takeAll();

 private:
  void startWaiting();

  std::size_t max_active_;
  std::size_t active_ = 0;
  std::optional<RateLimiter> limiter_;
  TimerQueue& timers_;
  Launch launch_;
  std::deque<std::shared_ptr<Exchange>> waiting_;
  bool pace_timer_armed_ = false;  // a timer will start the line when the budget allows
  bool starting_ = false;          // startWaiting() is running (a launch may end at once)
};

}  // namespace useapi::luma::detail
