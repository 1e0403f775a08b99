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
#include <optional>
#include <vector>

namespace useapi::luma::detail {

using Clock = std::chrono::steady_clock;

/// A thread that sleeps outside TimeSource::waitUntil (the transport's I/O loop, in
/// curl_multi_poll), telling its clock when it is idle, so that a simulated clock moves only
/// when nothing but time can make progress.
class SleepingThread {
 public:
  virtual ~SleepingThread() = default;
  /// Idle, with nothing to do before the returned instant (Clock::time_point::max(): before
  /// something wakes it); nullopt while it works. Must not call its clock.
  virtual std::optional<Clock::time_point> idleUntil() = 0;
  /// Makes it look at the time again (the clock moved): it counts as working until it is idle
  /// again. Must not call its clock.
  virtual void wake() = 0;
};

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
  /// `thread` sleeps by itself until detach(): a clock that moves on its own ignores it (the
  /// default); a simulated one waits for it to be idle before moving.
  virtual void attach(SleepingThread& thread) { (void)thread; }
  /// Forgets a thread attach() was given; after it returns, the clock no longer calls it.
  virtual void detach(SleepingThread& thread) { (void)thread; }
};

/// The real steady clock and a seed from std::random_device; one shared instance.
std::shared_ptr<TimeSource> systemTime();

/// A clock that only moves when told to, or when a waiter would otherwise block. Seeds are
/// fixed, so runs repeat.
///
/// Without an attached SleepingThread, waitUntil() with `ready()` false moves the time straight
/// to `when`: meant for one waiting thread at a time (a test's own); threads that only read
/// now() may be many. With attached threads (a real CurlTransport's I/O loop on this clock),
/// waitUntil() waits in real time while any of them works (a transfer over real sockets, posted
/// work) and, once all are idle, moves the time to the earliest instant that any of them or any
/// thread in waitUntil() waits for, then wakes them: so a Client on a real connection over
/// loopback HTTP runs its pauses, pacing, polls and deadlines in simulated time, each at its
/// exact instant. Threads working outside waitUntil() and not attached (a second caller
/// sending) are not seen: such tests keep one calling thread.
class SimulatedTime final : public TimeSource {
 public:
  /// Starts at `start` (an arbitrary fixed point by default) with seed `seed`.
  explicit SimulatedTime(Clock::time_point start = Clock::time_point(std::chrono::hours(1)),
                         std::uint64_t seed = 42);
  Clock::time_point now() const override;
  bool waitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& wake,
                 Clock::time_point when, const std::function<bool()>& ready) override;
  std::uint64_t randomSeed() override;
  void attach(SleepingThread& thread) override;
  void detach(SleepingThread& thread) override;
  /// Moves the time forward by `step`, and wakes the attached threads.
  void advance(Clock::duration step);

 private:
  /// With attached threads: if every one is idle, moves the time to the earliest instant that
  /// any of them or any thread in waitUntil() waits for, and wakes them; true when it moved.
  bool advanceWhenIdle();

  mutable std::mutex mutex_;  // guards what follows; taken before any SleepingThread's own
  Clock::time_point now_;
  std::uint64_t seed_;
  std::vector<SleepingThread*> sleepers_;
  std::vector<Clock::time_point> waiting_until_;  // of the threads in waitUntil()
};

}  // namespace useapi::luma::detail
