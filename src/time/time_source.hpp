#pragma once
// Where a client's time and randomness come from: the steady clock and a random seed in
// production, a simulated clock in tests, so that backoff, deadlines, rate pacing and hours of
// polling are tested in milliseconds.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

namespace useapi::luma::detail {

using Clock = std::chrono::steady_clock;

/// Time and randomness, injectable. Thread-safe.
class TimeSource {
 public:
  virtual ~TimeSource() = default;
  /// The current time.
  virtual Clock::time_point now() const = 0;
  /// Blocks the calling thread, holding `lock` only while it checks, until `ready()` is true
  /// (whoever makes it true notifies `wake` under that lock) or `when` has come, whichever is
  /// first; returns ready(). `lock` is held on entry and on return. `when` =
  /// Clock::time_point::max() means no time limit: the steady clock waits for ready() alone.
  virtual bool waitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& wake,
                         Clock::time_point when, const std::function<bool()>& ready) = 0;
  /// A seed for the random spread (jitter) of pauses.
  virtual std::uint64_t randomSeed() = 0;
};

/// The real steady clock and a seed from std::random_device; one shared instance.
std::shared_ptr<TimeSource> systemTime();

/// A clock that only moves when told to, or when a waiter would otherwise block: waitUntil()
/// with `ready()` false moves the time straight to `when`. Seeds are fixed, so runs repeat.
/// Meant for one waiting thread at a time (a test's own); threads that only read now() may be
/// many.
class SimulatedTime final : public TimeSource {
 public:
  /// Starts at `start` (an arbitrary fixed point by default) with seed `seed`.
  explicit SimulatedTime(Clock::time_point start = Clock::time_point(std::chrono::hours(1)),
                         std::uint64_t seed = 42);
  Clock::time_point now() const override;
  bool waitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& wake,
                 Clock::time_point when, const std::function<bool()>& ready) override;
  std::uint64_t randomSeed() override;
  /// Moves the time forward by `step`.
  void advance(Clock::duration step);

 private:
  mutable std::mutex mutex_;
  Clock::time_point now_;
  std::uint64_t seed_;
};

}  // namespace useapi::luma::detail
