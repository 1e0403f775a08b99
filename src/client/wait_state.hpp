#pragma once
// The I/O-thread side of a wait: each job polled on its own schedule, news handed to a sink.

#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "transport/clock_math.hpp"
#include "transport/transport.hpp"
#include "useapi/luma/job.hpp"
#include "useapi/luma/options.hpp"

namespace useapi::luma::detail {

/// What the polls found out about one job of a wait.
struct PollEvent {
  std::size_t index = 0;     ///< The job's position in the wait.
  Job job;                   ///< A record whose status changed, or a final one.
  std::exception_ptr error;  ///< Set instead for a permanent failure: the wait ends with it.
};

/// Whether a wait's error says the job no longer exists: a 404 that is the API's own answer
/// (isApiJobNotFoundAnswer), so the journal can forget it.
bool isGone(const std::exception_ptr& error);

/// The message of a wait's TimeoutError: "waiting for <subject> timed out after <n> ms",
/// then `state` (what is still running) and the last transient error of the polls, if any.
std::string timeoutMessage(const std::string& subject, Clock::time_point started,
                           const std::string& state, const std::string& last_error);

/// Polls the jobs of one wait with backoff and jitter, never past the deadline, on the
/// transport's I/O thread, and hands each PollEvent to the sink it was given, on that thread.
/// Transient failures (no answer, 408, 429, 5xx) are retried on the job's schedule; the last one
/// is kept for messages. What no later poll can mend ends the wait at once: a 3xx or a 4xx, a
/// 2xx answer that is not a readable job record (not JSON, no jobid), or the record of another
/// job than the one asked for.
/// Who waits (a blocked caller, a future, a callback) is the sink's business.
class WaitState : public std::enable_shared_from_this<WaitState> {
 public:
  /// Receives events on the I/O thread.
  using Sink = std::function<void(PollEvent)>;

  /// `requests[i]` is GET /jobs/{jobids[i]}.
  WaitState(Transport& transport, std::vector<std::string> jobids,
            std::vector<HttpRequest> requests, const PollOptions& options,
            std::optional<Clock::time_point> deadline, Sink sink);

  /// I/O thread: the first poll of every job, all at once.
  void start();
  /// Any thread: no more polls or events; pending timers are dropped on the I/O thread.
  void abort();
  /// Any thread: the last transient failure seen, empty if none.
  std::string lastError() const;

 private:
  struct Entry {
    std::chrono::milliseconds interval{0};
    std::optional<std::string> last_status;
    TimerId timer = 0;
  };

  void pollNow(std::size_t index);
  void onAnswer(std::size_t index, HttpOutcome outcome);
  void scheduleNext(std::size_t index, bool grow);
  void cancelTimers();
  void noteTransient(const std::string& message);

  Transport& transport_;
  const std::vector<std::string> jobids_;
  const std::vector<HttpRequest> requests_;
  std::vector<Entry> entries_;  // I/O thread only
  const std::chrono::milliseconds initial_interval_;
  const std::chrono::milliseconds max_interval_;
  const double multiplier_;
  const double jitter_;
  const std::optional<Clock::time_point> deadline_;
  const Sink sink_;
  std::mt19937_64 random_;  // I/O thread only
  std::atomic<bool> aborted_{false};

  mutable std::mutex mutex_;  // guards last_error_
  std::string last_error_;
};

}  // namespace useapi::luma::detail
