// When an exchange may be resent and how long to wait (shared/spec/luma-api.md: 429 capacity,
// "honour a Retry-After if present"; architecture.md: a job-creating POST goes out at most once).

#include "transport/retry_rules.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

using ::std::chrono::milliseconds;
using ::std::chrono::seconds;
using ::useapi::luma::RetryPolicy;
using ::useapi::luma::detail::backoffBefore;
using ::useapi::luma::detail::FailureKind;
using ::useapi::luma::detail::HttpOutcome;
using ::useapi::luma::detail::HttpResponse;
using ::useapi::luma::detail::isRetryable;
using ::useapi::luma::detail::parseRetryAfter;
using ::useapi::luma::detail::RequestKind;
using ::useapi::luma::detail::TransportFailure;

HttpOutcome responseWith(int status) {
  HttpOutcome outcome;
  outcome.response = HttpResponse{status, R"({"error": "x"})", std::nullopt};
  outcome.attempts = 1;
  return outcome;
}

HttpOutcome failureOf(FailureKind kind, bool request_sent) {
  HttpOutcome outcome;
  outcome.failure = TransportFailure{kind, request_sent, "failed"};
  outcome.attempts = 1;
  return outcome;
}

RetryPolicy policyWithJitter(double jitter) {
  RetryPolicy policy;
  policy.initial_backoff = milliseconds(500);
  policy.multiplier = 2.0;
  policy.max_backoff = milliseconds(20000);
  policy.jitter = jitter;
  return policy;
}

// An HTTP date (RFC 9110 IMF-fixdate) `offset` seconds from now.
std::string httpDateFromNow(std::time_t offset) {
  const std::time_t when = std::time(nullptr) + offset;
  char text[64] = {};
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", std::gmtime(&when));
  return text;
}

TEST(IsRetryable, IdempotentRetriesTransientFailuresCreatesResourceOnlyWhatSurelyNeverArrived) {
  struct Case {
    std::string name;
    HttpOutcome outcome;
    bool idempotent;
    bool creates_job;
  };
  const std::vector<Case> cases = {
      {"200", responseWith(200), false, false},
      {"400", responseWith(400), false, false},
      {"401", responseWith(401), false, false},
      {"402", responseWith(402), false, false},
      {"403", responseWith(403), false, false},
      {"404", responseWith(404), false, false},
      {"409", responseWith(409), false, false},
      {"422", responseWith(422), false, false},
      {"429", responseWith(429), true, true},
      {"500", responseWith(500), true, false},
      {"502", responseWith(502), true, false},
      {"503", responseWith(503), true, false},
      {"504", responseWith(504), true, false},
      {"596", responseWith(596), false, false},
      {"Connect, not sent", failureOf(FailureKind::Connect, false), true, true},
      {"Timeout, not sent", failureOf(FailureKind::Timeout, false), true, true},
      {"Timeout, sent", failureOf(FailureKind::Timeout, true), true, false},
      {"Network, not sent", failureOf(FailureKind::Network, false), true, true},
      {"Network, sent", failureOf(FailureKind::Network, true), true, false},
      {"Tls, not sent", failureOf(FailureKind::Tls, false), false, false},
      {"Tls, sent", failureOf(FailureKind::Tls, true), false, false},
      {"BodyTooLarge", failureOf(FailureKind::BodyTooLarge, true), false, false},
      {"Sink", failureOf(FailureKind::Sink, true), false, false},
      {"Shutdown, not sent", failureOf(FailureKind::Shutdown, false), false, false},
      {"Shutdown, sent", failureOf(FailureKind::Shutdown, true), false, false},
      {"neither answer nor failure", HttpOutcome{}, false, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(isRetryable(RequestKind::Idempotent, c.outcome), c.idempotent)
        << "Idempotent, " << c.name;
    EXPECT_EQ(isRetryable(RequestKind::CreatesResource, c.outcome), c.creates_job)
        << "CreatesResource, " << c.name;
  }
}

TEST(BackoffBefore, WithoutJitterDoublesFrom500MsAndCapsAt20s) {
  struct Case {
    int next_attempt;
    milliseconds expected;
  };
  const std::vector<Case> cases = {
      {2, milliseconds(500)},      {3, milliseconds(1000)},     {4, milliseconds(2000)},
      {5, milliseconds(4000)},     {6, milliseconds(8000)},     {7, milliseconds(16000)},
      {8, milliseconds(20000)},    {9, milliseconds(20000)},    {40, milliseconds(20000)},
      {1000, milliseconds(20000)}, {5000, milliseconds(20000)},
  };
  const RetryPolicy policy = policyWithJitter(0.0);
  std::mt19937_64 random(1);
  for (const Case& c : cases) {
    EXPECT_EQ(backoffBefore(c.next_attempt, policy, std::nullopt, random).count(),
              c.expected.count())
        << "attempt " << c.next_attempt;
  }
}

TEST(BackoffBefore, JitterOfTwentyPercentStaysWithinTwentyPercentAndVaries) {
  const RetryPolicy policy = policyWithJitter(0.2);
  std::mt19937_64 random(7);
  for (int attempt = 2; attempt <= 10; ++attempt) {
    const double nominal = std::min(500.0 * std::pow(2.0, attempt - 2), 20000.0);
    std::int64_t lowest = std::numeric_limits<std::int64_t>::max();
    std::int64_t highest = 0;
    for (int sample = 0; sample < 500; ++sample) {
      const auto pause = backoffBefore(attempt, policy, std::nullopt, random).count();
      lowest = std::min<std::int64_t>(lowest, pause);
      highest = std::max<std::int64_t>(highest, pause);
    }
    // One millisecond of slack for rounding to whole milliseconds.
    EXPECT_GE(lowest, std::floor(nominal * 0.8) - 1) << "attempt " << attempt;
    EXPECT_LE(highest, std::ceil(nominal * 1.2) + 1) << "attempt " << attempt;
    EXPECT_LT(lowest, highest) << "attempt " << attempt << ": no jitter applied";
  }
}

TEST(BackoffBefore, RetryAfterRaisesThePauseAndIsCappedAt60s) {
  struct Case {
    const char* name;
    int next_attempt;
    milliseconds retry_after;
    milliseconds expected;
  };
  const std::vector<Case> cases = {
      {"3 s over a 500 ms backoff", 2, seconds(3), seconds(3)},
      {"1 hour capped", 2, std::chrono::hours(1), seconds(60)},
      {"61 s capped", 3, seconds(61), seconds(60)},
      {"60 s kept", 3, seconds(60), seconds(60)},
      {"100 ms never lowers a 2 s backoff", 4, milliseconds(100), milliseconds(2000)},
      {"zero keeps the backoff", 3, milliseconds(0), milliseconds(1000)},
  };
  const RetryPolicy policy = policyWithJitter(0.0);
  std::mt19937_64 random(3);
  for (const Case& c : cases) {
    EXPECT_EQ(backoffBefore(c.next_attempt, policy, c.retry_after, random).count(),
              c.expected.count())
        << c.name;
  }
}

TEST(ParseRetryAfter, DelaySecondsAreReadAndHugeValuesCapped) {
  struct Case {
    const char* value;
    std::optional<milliseconds> expected;
  };
  const std::vector<Case> cases = {
      {"5", seconds(5)},      {" 12 ", seconds(12)}, {"0", seconds(0)},     {"60", seconds(60)},
      {"soon", std::nullopt}, {"", std::nullopt},    {"   ", std::nullopt},
  };
  for (const Case& c : cases) {
    const auto parsed = parseRetryAfter(c.value);
    ASSERT_EQ(parsed.has_value(), c.expected.has_value()) << "'" << c.value << "'";
    if (parsed) {
      EXPECT_EQ(parsed->count(), c.expected->count()) << "'" << c.value << "'";
    }
  }
  const auto huge = parseRetryAfter("99999999999999");
  ASSERT_TRUE(huge.has_value());
  EXPECT_LE(*huge, seconds(60));
  EXPECT_GT(*huge, seconds(0));
}

TEST(ParseRetryAfter, HttpDateGivesDelayFromNowAndPastDateZero) {
  const std::string future = httpDateFromNow(30);
  const auto in_30s = parseRetryAfter(future);
  ASSERT_TRUE(in_30s.has_value()) << future;
  EXPECT_GE(*in_30s, seconds(28)) << future;
  EXPECT_LE(*in_30s, seconds(31)) << future;

  for (const std::string& past :
       {httpDateFromNow(-3600), std::string("Wed, 21 Oct 2015 07:28:00 GMT")}) {
    const auto parsed = parseRetryAfter(past);
    ASSERT_TRUE(parsed.has_value()) << past;
    EXPECT_EQ(parsed->count(), 0) << past;
  }
}

TEST(RetryRules, APolicyAsLongAsMillisecondsMaxNeverGivesANegativePause) {
  RetryPolicy policy;
  policy.initial_backoff = milliseconds::max();
  policy.max_backoff = milliseconds::max();
  policy.jitter = 0.2;
  std::mt19937_64 random(7);
  for (int attempt = 2; attempt < 50; ++attempt) {
    const auto pause = backoffBefore(attempt, policy, std::nullopt, random);
    EXPECT_GE(pause.count(), 0) << "attempt " << attempt;
  }
}

}  // namespace
