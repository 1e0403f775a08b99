// JobWait, the one place every wait's rules live: the pause before each poll, the deadline,
// which failures are retried, which records are news, settling, and the errors a wait ends with.
// All on a simulated clock.

#include "wait/job_wait.hpp"

#include <gmock/gmock.h>

#include <chrono>
#include <set>

#include "waits/scripted_connection.hpp"

namespace useapi::luma::testing {
namespace {

using namespace std::chrono_literals;
using detail::Clock;
using detail::JobWait;
using detail::SimulatedTime;
using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

PollOptions schedule(milliseconds initial, double multiplier, milliseconds max, double jitter) {
  PollOptions options;
  options.initial_interval = initial;
  options.multiplier = multiplier;
  options.max_interval = max;
  options.jitter = jitter;
  return options;
}

// The pauses nextPoll() gives one job, `count` times in a row, all after records (`grow`).
std::vector<milliseconds> pauses(JobWait& wait, SimulatedTime& time, int count) {
  std::vector<milliseconds> result;
  for (int i = 0; i < count; ++i) {
    const auto when = wait.nextPoll(0, /*grow=*/true);
    if (!when) break;
    result.push_back(std::chrono::duration_cast<milliseconds>(*when - time.now()));
    time.advance(*when - time.now());
  }
  return result;
}

TEST(JobWaitSchedule, PausesGrowByTheMultiplierUpToTheLongest) {
  SimulatedTime time;
  JobWait wait({"j"}, schedule(1s, 2.0, 10s, 0), time);
  EXPECT_THAT(pauses(wait, time, 7), ElementsAre(1s, 2s, 4s, 8s, 10s, 10s, 10s));
}

TEST(JobWaitSchedule, ATransientFailureRepeatsThePauseInsteadOfGrowingIt) {
  SimulatedTime time;
  JobWait wait({"j"}, schedule(1s, 3.0, 60s, 0), time);
  const auto now = time.now();
  EXPECT_EQ(*wait.nextPoll(0, true), now + 1s);
  EXPECT_EQ(*wait.nextPoll(0, false), now + 3s);
  EXPECT_EQ(*wait.nextPoll(0, false), now + 3s);
  EXPECT_EQ(*wait.nextPoll(0, true), now + 3s);
  EXPECT_EQ(*wait.nextPoll(0, true), now + 9s);
}

TEST(JobWaitSchedule, EachJobOfAWaitHasAScheduleOfItsOwn) {
  SimulatedTime time;
  JobWait wait({"a", "b"}, schedule(1s, 2.0, 60s, 0), time);
  const auto now = time.now();
  EXPECT_EQ(*wait.nextPoll(0, true), now + 1s);
  EXPECT_EQ(*wait.nextPoll(0, true), now + 2s);
  EXPECT_EQ(*wait.nextPoll(1, true), now + 1s);
}

TEST(JobWaitSchedule, OutOfRangeOptionsAreHeldToSaneOnes) {
  struct Case {
    const char* name;
    PollOptions options;
    std::vector<milliseconds> expected;
  };
  const std::vector<Case> cases = {
      {"zero initial interval: 1 ms", schedule(0ms, 2.0, 10ms, 0), {1ms, 2ms, 4ms, 8ms, 10ms}},
      {"multiplier below 1: 1", schedule(5ms, 0.5, 100ms, 0), {5ms, 5ms, 5ms, 5ms, 5ms}},
      {"negative jitter: none", schedule(5ms, 1.0, 5ms, -3), {5ms, 5ms, 5ms, 5ms, 5ms}},
  };
  for (const Case& test : cases) {
    SimulatedTime time(Clock::time_point(1h));
    PollOptions options = test.options;
    options.timeout = 0ms;
    JobWait wait({"j"}, options, time);
    EXPECT_EQ(pauses(wait, time, static_cast<int>(test.expected.size())), test.expected)
        << test.name;
  }
}

TEST(JobWaitSchedule, HugePausesSaturateInsteadOfWrappingIntoThePast) {
  SimulatedTime time;
  PollOptions options = schedule(1000h, 1e300, milliseconds::max(), 0);
  options.timeout = 0ms;
  JobWait wait({"j"}, options, time);
  EXPECT_EQ(*wait.nextPoll(0, true), time.now() + 1000h);
  EXPECT_EQ(*wait.nextPoll(0, true), Clock::time_point::max());
  EXPECT_EQ(*wait.nextPoll(0, true), Clock::time_point::max());
}

TEST(JobWaitSchedule, JitterSpreadsPausesWithinItsBoundsAndDependsOnTheSeed) {
  std::set<long long> seen;
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    SimulatedTime time(Clock::time_point(1h), seed);
    JobWait wait({"j"}, schedule(10s, 1.0, 10s, 0.1), time);
    for (const auto pause : pauses(wait, time, 40)) {
      EXPECT_GE(pause, 9s);
      EXPECT_LE(pause, 11s);
      seen.insert(pause.count());
    }
  }
  EXPECT_GT(seen.size(), 100u) << "the pauses hardly vary";
  EXPECT_LT(*seen.begin(), 9200);
  EXPECT_GT(*seen.rbegin(), 10800);
}

TEST(JobWaitSchedule, NoPollIsScheduledAtOrPastTheDeadline) {
  SimulatedTime time;
  PollOptions options = schedule(10s, 1.0, 10s, 0);
  options.timeout = 25s;
  JobWait wait({"j"}, options, time);
  ASSERT_TRUE(wait.deadline());
  EXPECT_EQ(*wait.deadline(), time.now() + 25s);
  EXPECT_THAT(pauses(wait, time, 10), ElementsAre(10s, 10s));
  options.timeout = 20s;  // a poll due exactly at the deadline is not sent
  JobWait exact({"j"}, options, time);
  EXPECT_THAT(pauses(exact, time, 10), ElementsAre(10s));
}

TEST(JobWaitFailures, TransientOnesAreRetriedTheRestEndTheWait) {
  struct Case {
    const char* name;
    std::exception_ptr error;
    bool transient;
  };
  const auto api = [](int code) {
    return std::make_exception_ptr(ApiError(code, "m", "{}", "GET /jobs/j"));
  };
  const std::vector<Case> cases = {
      {"TransportError", std::make_exception_ptr(TransportError("reset")), true},
      {"408", api(408), true},
      {"429", std::make_exception_ptr(CapacityError(429, "busy", "{}", "GET /jobs/j")), true},
      {"500", api(500), true},
      {"502", api(502), true},
      {"503", api(503), true},
      {"504", api(504), true},
      {"596", api(596), true},
      {"301", api(301), false},
      {"302", api(302), false},
      {"400", api(400), false},
      {"401", api(401), false},
      {"402", api(402), false},
      {"403", api(403), false},
      {"404", api(404), false},
      {"409", api(409), false},
      {"422", api(422), false},
      {"UnreadableRecord", std::make_exception_ptr(detail::UnreadableRecord("not json")), false},
      {"Error", std::make_exception_ptr(Error("other")), false},
      {"std::bad_alloc", std::make_exception_ptr(std::bad_alloc()), false},
  };
  for (const Case& test : cases) {
    SimulatedTime time;
    JobWait wait({"j"}, PollOptions{}, time);
    EXPECT_EQ(wait.isTransient(test.error), test.transient) << test.name;
    EXPECT_EQ(wait.lastError().empty(), !test.transient) << test.name;
  }
}

TEST(JobWaitFailures, AGoneJobIsSettledAndAnUnreadableRecordLeavesAsATransportError) {
  SimulatedTime time;
  std::vector<std::string> settled;
  JobWait wait({"a", "b"}, PollOptions{}, time, [&](const std::string& jobid, const Job* record) {
    settled.push_back(jobid + (record ? " final" : " gone"));
  });
  // A proxy's 404 page does not say the job is gone; the API's own answer does.
  EXPECT_THROW(std::rethrow_exception(wait.pollFailure(
                   1, std::make_exception_ptr(NotFoundError(404, "Not Found", "<html>", "GET")))),
               NotFoundError);
  EXPECT_TRUE(settled.empty());
  try {
    std::rethrow_exception(
        wait.pollFailure(1, std::make_exception_ptr(NotFoundError(
                                404, "Job not found", R"({"error":"Job b not found"})", "GET"))));
  } catch (const NotFoundError& error) {
    EXPECT_THAT(error.jobIds(), ElementsAre("a", "b"));
  }
  EXPECT_THAT(settled, ElementsAre("b gone"));
  try {
    std::rethrow_exception(
        wait.pollFailure(0, std::make_exception_ptr(detail::UnreadableRecord("no record"))));
  } catch (const TransportError& error) {
    EXPECT_EQ(typeid(error), typeid(TransportError));
    EXPECT_THAT(error.what(), HasSubstr("no record"));
  }
}

TEST(JobWaitRecords, OnUpdateSeesEachStatusChangeAndFinalJobsAreSettledOnce) {
  SimulatedTime time;
  std::vector<std::string> updates, settled;
  PollOptions options;
  options.on_update = [&](const Job& job) { updates.push_back(job.jobid + " " + job.status_text); };
  JobWait wait({"a", "b", "a"}, options, time,
               [&](const std::string& jobid, const Job*) { settled.push_back(jobid); });
  EXPECT_FALSE(wait.onRecord(0, jobRecord("a", "pending")));
  EXPECT_FALSE(wait.onRecord(0, jobRecord("a", "pending")));
  EXPECT_FALSE(wait.onRecord(1, jobRecord("b", "pending")));
  EXPECT_FALSE(wait.onRecord(0, jobRecord("a", "processing")));
  EXPECT_TRUE(wait.onRecord(0, jobRecord("a", "completed")));
  EXPECT_FALSE(wait.onRecord(0, jobRecord("a", "completed"))) << "final twice";
  EXPECT_FALSE(wait.allFinal());
  EXPECT_TRUE(wait.onRecord(1, jobRecord("b", "failed")));
  EXPECT_TRUE(wait.onRecord(2, jobRecord("a", "completed")));
  EXPECT_TRUE(wait.allFinal());
  EXPECT_THAT(updates, ElementsAre("a pending", "b pending", "a processing", "a completed",
                                   "b failed", "a completed"));
  EXPECT_THAT(settled, ElementsAre("a", "b", "a"));
}

TEST(JobWaitRecords, AnotherJobsRecordIsRefusedAndAnEmptyJobidFilledIn) {
  SimulatedTime time;
  JobWait wait({"mine"}, PollOptions{}, time);
  EXPECT_EQ(wait.recordOf(0, jobRecord("", "pending"), "GET /jobs/mine").jobid, "mine");
  EXPECT_THROW(wait.recordOf(0, jobRecord("theirs", "completed"), "GET /jobs/mine"),
               detail::UnreadableRecord);
}

TEST(JobWaitEnds, TheErrorsNameTheJobsLeftUnfinishedAndTheTimeoutSaysWhy) {
  SimulatedTime time;
  PollOptions options;
  options.timeout = 90s;
  JobWait wait({"a", "b", "c"}, options, time);
  wait.onRecord(0, jobRecord("a", "completed"));
  wait.onRecord(1, jobRecord("b", "processing"));
  wait.isTransient(std::make_exception_ptr(TransportError("connection reset")));
  time.advance(90s);
  try {
    std::rethrow_exception(wait.timedOut());
  } catch (const TimeoutError& error) {
    EXPECT_THAT(error.jobIds(), ElementsAre("b", "c"));
    EXPECT_EQ(error.last().jobid, "b");
    EXPECT_EQ(error.last().status_text, "processing");
    EXPECT_THAT(error.what(), HasSubstr("waiting for 3 jobs timed out after 90000 ms"));
    EXPECT_THAT(error.what(), HasSubstr("b (processing), c (no answer yet)"));
    EXPECT_THAT(error.what(), HasSubstr("last error: connection reset"));
  }
  try {
    std::rethrow_exception(wait.cancelled());
  } catch (const CancelledError& error) {
    EXPECT_THAT(error.jobIds(), ElementsAre("b", "c"));
    EXPECT_THAT(error.what(), HasSubstr("wait for 3 jobs was cancelled"));
  }
}

}  // namespace
}  // namespace useapi::luma::testing
