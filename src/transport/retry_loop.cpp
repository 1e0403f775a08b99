#include "transport/retry_loop.hpp"

#include <string>
#include <utility>

#include "transport/attempt_outcome.hpp"
#include "transport/clock_math.hpp"
#include "transport/retry_rules.hpp"

namespace useapi::luma::detail {

RetrySchedule::RetrySchedule(const RetryPolicy& policy, std::shared_ptr<TimeSource> time,
                             const std::atomic<bool>& closing, const TransportLog& log)
    : policy_(policy),
      time_(std::move(time)),
      closing_(closing),
      log_(log),
      random_(time_->randomSeed()) {}

std::chrono::milliseconds RetrySchedule::pauseBefore(
    int next_attempt, std::optional<std::chrono::milliseconds> retry_after) {
  std::lock_guard<std::mutex> lock(random_mutex_);
  return backoffBefore(next_attempt, policy_, retry_after, random_);
}

RetryLoop::RetryLoop(const HttpRequest& request, RetrySchedule& schedule)
    : request_(request), schedule_(schedule), started_(schedule.time().now()) {}

RetryLoop::Next RetryLoop::beforeAttempt() {
  if (schedule_.closing()) {
    outcome_ = shutDownOutcome(attempts_, attempts_ > 0);
    return Next::Done;
  }
  if (request_.stop_signal && request_.stop_signal->requested.load()) {
    outcome_ = stoppedOutcome(attempts_, false);  // stopped before this attempt started
    return Next::Done;
  }
  ++attempts_;
  return Next::Attempt;
}

RetryLoop::Next RetryLoop::afterAttempt(HttpOutcome outcome) {
  outcome.attempts = attempts_;
  const bool stopping = request_.stop_signal && request_.stop_signal->requested.load();
  if (schedule_.closing() || stopping) {
    if (schedule_.closing() && outcome.failure) outcome = shutDownOutcome(attempts_, true);
    outcome_ = std::move(outcome);
    return Next::Done;  // neither is retried, nor worth a log line
  }
  if (attempts_ < schedule_.policy_.max_attempts &&
      isRetryable(request_.kind, outcome, schedule_.policy_)) {
    const auto retry_after = outcome.response ? outcome.response->retry_after : std::nullopt;
    const auto pause = schedule_.pauseBefore(attempts_ + 1, retry_after);
    const Clock::time_point when = saturatingAdd(schedule_.time().now(), pause);
    if (!request_.deadline || when < *request_.deadline) {
      logEnd(outcome, pause);
      resume_at_ = when;
      return Next::Pause;
    }
  }
  logEnd(outcome, std::nullopt);
  outcome_ = std::move(outcome);
  return Next::Done;
}

void RetryLoop::logEnd(const HttpOutcome& outcome,
                       std::optional<std::chrono::milliseconds> retry_in) const {
  const TransportLog& log = schedule_.log_;
  if (!log.enabled()) return;  // a call without a logger builds no line
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(schedule_.time().now() - started_);
  const std::string result =
      outcome.response ? std::to_string(outcome.response->status) : outcome.failure->message;
  if (retry_in) {
    log.write(LogLevel::Warn, request_.endpoint + " -> " + result + " after " +
                                  std::to_string(elapsed.count()) + " ms; retrying in " +
                                  std::to_string(retry_in->count()) + " ms (attempt " +
                                  std::to_string(attempts_ + 1) + ")");
    return;
  }
  log.write(outcome.failure ? LogLevel::Warn : LogLevel::Info,
            request_.endpoint + " -> " + result + " in " + std::to_string(elapsed.count()) + " ms" +
                (attempts_ > 1 ? " (attempt " + std::to_string(attempts_) + ")" : ""));
}

}  // namespace useapi::luma::detail
