// The one retry loop of the transport, driven as a caller's thread drives it, in simulated time:
// the exact moment of every attempt for a scripted run of failures (RetryPolicy, Retry-After,
// the deadline), and what is never resent.

#include "transport/retry_loop.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "time/time_source.hpp"
#include "transport/transport_log.hpp"

namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;
using useapi::luma::RetryPolicy;
using useapi::luma::detail::Clock;
using useapi::luma::detail::FailureKind;
using useapi::luma::detail::HttpOutcome;
using useapi::luma::detail::HttpRequest;
using useapi::luma::detail::HttpResponse;
using useapi::luma::detail::RequestKind;
using useapi::luma::detail::RetryLoop;
using useapi::luma::detail::RetrySchedule;
using useapi::luma::detail::runRetryLoop;
using useapi::luma::detail::SimulatedTime;
using useapi::luma::detail::StopSignal;
using useapi::luma::detail::TransportFailure;
using useapi::luma::detail::TransportLog;

HttpOutcome answer(int status, std::optional<milliseconds> retry_after = std::nullopt) {
  HttpOutcome outcome;
  outcome.response = HttpResponse{status, "{}", retry_after};
  return outcome;
}

HttpOutcome failure(FailureKind kind, bool request_sent) {
  HttpOutcome outcome;
  outcome.failure = TransportFailure{kind, request_sent, "failed"};
  return outcome;
}

RetryPolicy policyWithoutJitter() {
  RetryPolicy policy;
  policy.max_attempts = 10;
  policy.initial_backoff = milliseconds(500);
  policy.multiplier = 2.0;
  policy.max_backoff = milliseconds(20000);
  policy.jitter = 0.0;
  return policy;
}

// A transport's shared retry state on a simulated clock, and a driver that runs one exchange the
// way a caller's thread does (its pauses jump the clock), answering attempts from a script.
class RetryLoopInSimulatedTime : public ::testing::Test {
 protected:
  struct Run {
    std::vector<milliseconds> attempt_times;  // since the start
    HttpOutcome outcome;
  };

  Run run(const HttpRequest& request, const std::vector<HttpOutcome>& script,
          const RetryPolicy& policy = policyWithoutJitter()) {
    RetrySchedule schedule(policy, time_, closing_, log_);
    RetryLoop loop(request, schedule);
    Run result;
    std::size_t next = 0;
    const auto attempt = [&](int number) {
      EXPECT_EQ(number, static_cast<int>(result.attempt_times.size()) + 1);
      result.attempt_times.push_back(sinceStart());
      if (on_attempt_) on_attempt_(number);
      return next < script.size() ? script[next++] : script.back();
    };
    const auto pause = [&](Clock::time_point until) {
      std::unique_lock<std::mutex> lock(mutex_);
      time_->waitUntil(lock, wake_, until, [this] { return closing_.load(); });
    };
    result.outcome = runRetryLoop(loop, attempt, pause);
    return result;
  }

  milliseconds sinceStart() const {
    return std::chrono::duration_cast<milliseconds>(time_->now() - start_);
  }

  static HttpRequest get() {
    HttpRequest request;
    request.endpoint = "GET /jobs/x";
    return request;
  }

  static std::vector<milliseconds> ms(std::initializer_list<long> values) {
    std::vector<milliseconds> times;
    for (const long value : values) times.emplace_back(value);
    return times;
  }

  std::shared_ptr<SimulatedTime> time_ = std::make_shared<SimulatedTime>();
  Clock::time_point start_ = time_->now();
  std::atomic<bool> closing_{false};
  TransportLog log_{nullptr};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::function<void(int)> on_attempt_;
};

TEST_F(RetryLoopInSimulatedTime, AttemptsFollowTheBackoffScheduleExactly) {
  const Run run =
      this->run(get(), {answer(503), failure(FailureKind::Timeout, true),
                        failure(FailureKind::Connect, false), answer(502), answer(200)});
  // Pauses of 500, 1000, 2000 and 4000 ms between the five attempts.
  EXPECT_EQ(run.attempt_times, ms({0, 500, 1500, 3500, 7500}));
  ASSERT_TRUE(run.outcome.response);
  EXPECT_EQ(run.outcome.response->status, 200);
  EXPECT_EQ(run.outcome.attempts, 5);
}

TEST_F(RetryLoopInSimulatedTime, PausesStopGrowingAtMaxBackoff) {
  RetryPolicy policy = policyWithoutJitter();
  policy.max_backoff = milliseconds(1500);
  policy.max_attempts = 5;
  const Run run = this->run(get(), {answer(500)}, policy);
  EXPECT_EQ(run.attempt_times, ms({0, 500, 1500, 3000, 4500}));
  EXPECT_EQ(run.outcome.response->status, 500) << "the last answer, after max_attempts";
  EXPECT_EQ(run.outcome.attempts, 5);
}

TEST_F(RetryLoopInSimulatedTime, RetryAfterIsHonouredAndCappedAtSixtySeconds) {
  const Run run = this->run(get(), {answer(429, seconds(5)), answer(503, hours(1)),
                                    answer(429, milliseconds(10)), answer(200)});
  // 5 s over a 500 ms backoff; an hour held to 60 s; 10 ms never shortens the 2 s backoff.
  EXPECT_EQ(run.attempt_times, ms({0, 5000, 65000, 67000}));
  EXPECT_EQ(run.outcome.response->status, 200);
}

TEST_F(RetryLoopInSimulatedTime, NoAttemptIsScheduledPastTheDeadline) {
  HttpRequest request = get();
  request.deadline = start_ + milliseconds(3000);
  const Run run = this->run(request, {answer(503)});
  // The fourth attempt would start at 3500 ms: the third one's answer is the outcome.
  EXPECT_EQ(run.attempt_times, ms({0, 500, 1500}));
  EXPECT_EQ(run.outcome.response->status, 503);
  EXPECT_EQ(run.outcome.attempts, 3);
  EXPECT_LE(time_->now(), *request.deadline);
}

TEST_F(RetryLoopInSimulatedTime, AJobCreatingRequestIsNeverResentOnceItMayHaveArrived) {
  struct Case {
    std::string name;
    HttpOutcome first;
    std::size_t attempts;
  };
  const std::vector<Case> cases = {
      {"500", answer(500), 1},
      {"502", answer(502), 1},
      {"503", answer(503), 1},
      {"504", answer(504), 1},
      {"timeout after sending", failure(FailureKind::Timeout, true), 1},
      {"reset after sending", failure(FailureKind::Network, true), 1},
      {"429: refused, so resent", answer(429), 2},
      {"could not connect: never sent", failure(FailureKind::Connect, false), 2},
      {"reset before a byte went out", failure(FailureKind::Network, false), 2},
  };
  for (const Case& c : cases) {
    HttpRequest request = get();
    request.method = "POST";
    request.kind = RequestKind::CreatesResource;
    const Run run = this->run(request, {c.first, answer(200)});
    EXPECT_EQ(run.attempt_times.size(), c.attempts) << c.name;
  }
}

TEST_F(RetryLoopInSimulatedTime, JitterSpreadsPausesWithinItsBoundsAndRepeatsForOneSeed) {
  RetryPolicy policy = policyWithoutJitter();
  policy.jitter = 0.2;
  policy.max_attempts = 6;
  const Run first = run(get(), {answer(503)}, policy);
  ASSERT_EQ(first.attempt_times.size(), 6u);
  const std::vector<long> plain = {500, 1000, 2000, 4000, 8000};
  bool any_spread = false;
  for (std::size_t i = 1; i < first.attempt_times.size(); ++i) {
    const long pause = (first.attempt_times[i] - first.attempt_times[i - 1]).count();
    EXPECT_GE(pause, plain[i - 1] * 8 / 10) << "pause " << i;
    EXPECT_LE(pause, plain[i - 1] * 12 / 10) << "pause " << i;
    any_spread = any_spread || pause != plain[i - 1];
  }
  EXPECT_TRUE(any_spread);

  time_ = std::make_shared<SimulatedTime>();  // same start and seed
  start_ = time_->now();
  EXPECT_EQ(run(get(), {answer(503)}, policy).attempt_times, first.attempt_times);
}

TEST_F(RetryLoopInSimulatedTime, HoursOfRetriesRunInAnInstant) {
  RetryPolicy policy = policyWithoutJitter();
  policy.max_attempts = 100000;
  HttpRequest request = get();
  request.deadline = start_ + hours(3);
  const auto real_start = Clock::now();
  const Run run = this->run(request, {answer(503)}, policy);
  // 500 ms, 1, 2, 4, 8, 16 s, then every 20 s until the deadline.
  const long ramp = 500 + 1000 + 2000 + 4000 + 8000 + 16000;
  const long steady = (3L * 3600 * 1000 - ramp - 1) / 20000;
  EXPECT_EQ(run.attempt_times.size(), static_cast<std::size_t>(7 + steady));
  EXPECT_EQ(run.attempt_times.back(), milliseconds(ramp + steady * 20000));
  EXPECT_LT(Clock::now() - real_start, seconds(5));
}

TEST_F(RetryLoopInSimulatedTime, ClosingEndsTheExchangeWithAShutdownFailureAndRetriesNothing) {
  on_attempt_ = [this](int number) {
    if (number == 2) closing_ = true;
  };
  const Run run = this->run(get(), {answer(503), failure(FailureKind::Network, true)});
  EXPECT_EQ(run.attempt_times, ms({0, 500}));
  ASSERT_TRUE(run.outcome.failure);
  EXPECT_EQ(run.outcome.failure->kind, FailureKind::Shutdown);
  EXPECT_EQ(run.outcome.attempts, 2);
}

TEST_F(RetryLoopInSimulatedTime, AStoppedRequestIsNotRetried) {
  HttpRequest request = get();
  request.stop_signal = std::make_shared<StopSignal>();
  on_attempt_ = [&request](int) { request.stop_signal->requested = true; };
  const Run run = this->run(request, {answer(503)});
  EXPECT_EQ(run.attempt_times.size(), 1u);
}

TEST_F(RetryLoopInSimulatedTime, ARequestStoppedBeforeItsFirstAttemptNeverStarts) {
  HttpRequest request = get();
  request.stop_signal = std::make_shared<StopSignal>();
  request.stop_signal->requested = true;
  const Run run = this->run(request, {answer(200)});
  EXPECT_TRUE(run.attempt_times.empty());
  ASSERT_TRUE(run.outcome.failure);
  EXPECT_EQ(run.outcome.failure->kind, FailureKind::Stopped);
  EXPECT_FALSE(run.outcome.failure->request_sent);
}

TEST_F(RetryLoopInSimulatedTime, EachAttemptsEndIsLoggedWithItsSimulatedTimes) {
  std::vector<std::string> lines;
  const TransportLog log(
      [&lines](useapi::luma::LogLevel, std::string_view line) { lines.emplace_back(line); });
  RetrySchedule schedule(policyWithoutJitter(), time_, closing_, log);
  const HttpRequest request = get();
  RetryLoop loop(request, schedule);
  std::size_t next = 0;
  const std::vector<HttpOutcome> script = {answer(503), answer(200)};
  runRetryLoop(
      loop, [&](int) { return script[next++]; },
      [&](Clock::time_point until) { time_->advance(until - time_->now()); });
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "GET /jobs/x -> 503 after 0 ms; retrying in 500 ms (attempt 2)");
  EXPECT_EQ(lines[1], "GET /jobs/x -> 200 in 500 ms (attempt 2)");
}

}  // namespace
