// When a wait polls a job created with a webhook, on simulated time: first once the job should
// have ended (the instant generate* returned + the expected duration + twice the spread), then
// every max(60 s, expected / 2); a job without a webhook is polled at once, as before.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "time/time_source.hpp"
#include "wait/job_wait.hpp"
#include "wait/wait_context.hpp"
#include "webhook/job_events.hpp"
#include "webhook/webhook_submission.hpp"

namespace useapi::luma::detail {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

struct Case {
  const char* name;
  JobKind kind;
};

JobKind videoOf(const char* resolution) {
  JobKind kind;
  kind.type = JobType::Video;
  kind.resolution = resolution;
  return kind;
}

JobKind image() {
  JobKind kind;
  kind.type = JobType::Image;
  return kind;
}

TEST(SafetyNetSchedule, FirstPollAtTheExpectedEndPlusSlackThenSparse) {
  const std::vector<Case> cases = {
      {"image", image()},
      {"draft video", videoOf("draft")},
      {"1080p video", videoOf("1080p")},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    // The estimate is the prior of the kind (nothing observed): e.g. 45 +- 15 s for an image,
    // whose first safety-net poll is then 75 s after generate* returned, and the next 60 s on.
    const DurationEstimate estimate = DurationEstimator::prior(c.kind);
    const milliseconds first = estimate.expected + 2 * estimate.spread;
    const milliseconds every = std::max<milliseconds>(60s, estimate.expected / 2);
    auto time = std::make_shared<SimulatedTime>();
    auto context = std::make_shared<WaitContext>();
    context->events = std::make_shared<JobEvents>(/*confirm=*/true, time);
    const auto returned = time->now();
    WebhookSecret secret(*context->events);
    secret.bind({"with-webhook"}, c.kind);
    time->advance(10s);  // the wait starts later than generate* returned

    const WaitContextScope scope(context);
    PollOptions options;
    options.timeout = 0ms;
    options.jitter = 0;
    JobWait wait({"with-webhook", "without"}, options, *time);
    ASSERT_TRUE(wait.hasWebhook(0));
    ASSERT_FALSE(wait.hasWebhook(1));
    EXPECT_EQ(wait.firstPoll(0), returned + first);
    EXPECT_EQ(wait.firstPoll(1), time->now()) << "a job without a webhook is polled at once";

    time->advance(first);
    EXPECT_EQ(wait.nextPoll(0, /*grow=*/true), time->now() + every);
    EXPECT_EQ(wait.nextPoll(1, /*grow=*/true), time->now() + options.initial_interval);
    // A failed poll is retried on the ordinary schedule, not a minute later.
    EXPECT_EQ(wait.nextPoll(0, /*grow=*/false), time->now() + options.initial_interval);
    // A confirming poll that contradicted a callback: the ordinary schedule from then on.
    wait.distrustCallbacks(0);
    EXPECT_FALSE(wait.hasWebhook(0));
  }
}

TEST(SafetyNetSchedule, NoPollPastTheDeadline) {
  auto time = std::make_shared<SimulatedTime>();
  auto context = std::make_shared<WaitContext>();
  context->events = std::make_shared<JobEvents>(true, time);
  WebhookSecret secret(*context->events);
  secret.bind({"j"}, image());
  const WaitContextScope scope(context);
  PollOptions options;
  options.timeout = 30s;  // before the first safety-net poll (75 s): only a callback ends it
  JobWait wait({"j"}, options, *time);
  EXPECT_FALSE(wait.firstPoll(0).has_value());
}

}  // namespace
}  // namespace useapi::luma::detail
