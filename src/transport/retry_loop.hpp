#pragma once
// The one retry loop of the transport: an exchange across its attempts. The I/O thread and a
// caller's thread drive the same loop; only how they run an attempt and pause differs.

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <random>

#include "time/time_source.hpp"
#include "transport/http_types.hpp"
#include "transport/transport_log.hpp"
#include "useapi/luma/options.hpp"

namespace useapi::luma::detail {

/// What every exchange of one transport retries by: the policy, the clock, the random spread of
/// pauses, the log, and whether the transport is closing. Thread-safe.
class RetrySchedule {
 public:
  /// Pauses drawn from `policy` with jitter seeded by `time`; `closing` true ends every
  /// exchange at its next step. `closing` and `log` outlive the schedule.
  RetrySchedule(const RetryPolicy& policy, std::shared_ptr<TimeSource> time,
                const std::atomic<bool>& closing, const TransportLog& log);

  /// The clock of every pause and deadline.
  TimeSource& time() const { return *time_; }
  /// Whether the transport is closing.
  bool closing() const { return closing_.load(); }

 private:
  friend class RetryLoop;
  /// The pause before attempt `next_attempt`: backoffBefore() with this schedule's randomness.
  std::chrono::milliseconds pauseBefore(int next_attempt,
                                        std::optional<std::chrono::milliseconds> retry_after);

  RetryPolicy policy_;
  std::shared_ptr<TimeSource> time_;
  const std::atomic<bool>& closing_;
  const TransportLog& log_;
  std::mutex random_mutex_;  // pauses are drawn on the I/O thread and callers' threads
  std::mt19937_64 random_;
};

/// One exchange across its attempts: counts them, decides after each whether another follows
/// and when (the request's kind, RetryPolicy, Retry-After capped at kMaxRetryAfter, jitter, the
/// request's deadline), and ends the exchange at its next step once the transport closes or the
/// request's stop signal is set. Logs each attempt's end. A driver calls, in order:
/// beforeAttempt(); when it says Attempt, runs attempt number attempts() and gives its outcome
/// to afterAttempt(); when that says Pause, waits until resumeAt() and starts again; on Done,
/// takes the outcome. Not thread-safe: one driver at a time.
class RetryLoop {
 public:
  /// What the driver does next.
  enum class Next {
    Attempt,  ///< Run the next attempt now.
    Pause,    ///< Wait until resumeAt(), then call beforeAttempt() again.
    Done,     ///< The exchange has ended: takeOutcome().
  };

  /// The loop of `request` (which outlives it) under `schedule`, started now.
  RetryLoop(const HttpRequest& request, RetrySchedule& schedule);

  /// Attempt (counted from now on), or Done when the transport closes (a Shutdown failure) or
  /// the request was stopped (a Stopped failure).
  Next beforeAttempt();
  /// Pause when `outcome` of the attempt may be retried before the deadline, else Done with it
  /// (a failure while the transport closes becomes a Shutdown failure).
  Next afterAttempt(HttpOutcome outcome);
  /// When the next attempt starts, after afterAttempt() said Pause.
  Clock::time_point resumeAt() const { return resume_at_; }
  /// Attempts started so far.
  int attempts() const { return attempts_; }
  /// The exchange's outcome, once Done.
  HttpOutcome takeOutcome() { return std::move(outcome_); }

 private:
  void logEnd(const HttpOutcome& outcome, std::optional<std::chrono::milliseconds> retry_in) const;

  const HttpRequest& request_;
  RetrySchedule& schedule_;
  Clock::time_point started_;
  int attempts_ = 0;
  Clock::time_point resume_at_;
  HttpOutcome outcome_;
};

/// Drives `loop` on the calling thread to its end: `attempt(number)` runs one attempt and
/// returns its outcome; `pause(when)` returns at `when` (or earlier when the transport closes).
template <class Attempt, class Pause>
HttpOutcome runRetryLoop(RetryLoop& loop, Attempt&& attempt, Pause&& pause) {
  while (true) {
    if (loop.beforeAttempt() == RetryLoop::Next::Done) break;
    if (loop.afterAttempt(attempt(loop.attempts())) == RetryLoop::Next::Done) break;
    pause(loop.resumeAt());
  }
  return loop.takeOutcome();
}

}  // namespace useapi::luma::detail
