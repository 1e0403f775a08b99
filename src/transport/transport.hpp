#pragma once
// The internal transport interface: HTTP exchanges and timers on one I/O thread.

#include <cstdint>
#include <functional>
#include <memory>

#include "transport/http_types.hpp"

namespace useapi::luma::detail {

/// Identifies a scheduled task.
using TimerId = std::uint64_t;

/// Runs HTTP exchanges (with their retries) and timers on one I/O thread. Thread-safe entry
/// points are send() and post(); schedule() and cancelTimer() are for the I/O thread itself.
class Transport {
 public:
  /// Called on the I/O thread with an exchange's outcome.
  using Completion = std::function<void(HttpOutcome)>;

  virtual ~Transport() = default;
  /// Sends `request`, retrying as its kind and the retry policy allow; any thread.
  virtual void send(HttpRequest request, Completion done) = 0;
  /// Sends `request` as send() does and waits for its outcome; any thread but the I/O thread.
  virtual HttpOutcome sendAndWait(HttpRequest request) = 0;
  /// Ends the exchange whose request carries `signal` at once; any thread. Its body takes no
  /// more bytes, its transfer is removed (the connection closed), no retry follows, and its
  /// completion runs with a FailureKind::Stopped failure unless it had already run.
  virtual void stop(const std::shared_ptr<StopSignal>& signal) = 0;
  /// Runs `task` on the I/O thread soon; any thread.
  virtual void post(std::function<void()> task) = 0;
  /// Runs `task` on the I/O thread at `when`; I/O thread only.
  virtual TimerId schedule(Clock::time_point when, std::function<void()> task) = 0;
  /// Drops a scheduled task that has not run yet; I/O thread only.
  virtual void cancelTimer(TimerId id) = 0;
};

}  // namespace useapi::luma::detail
