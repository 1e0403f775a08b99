// The default wait of a Connection that implements only getJob(): polled on the caller's
// thread, as PollOptions say, in simulated time (hours of polling take milliseconds).

#include <gmock/gmock.h>

#include <chrono>
#include <thread>

#include "wait/default_wait.hpp"
#include "waits/poll_schedules.hpp"
#include "waits/scripted_connection.hpp"

namespace useapi::luma::testing {
namespace {

using namespace std::chrono_literals;
using detail::Clock;
using detail::SimulatedTime;
using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The offsets from `start` of the calls, in order.
std::vector<milliseconds> offsets(const std::vector<ScriptedConnection::Call>& calls,
                                  Clock::time_point start) {
  std::vector<milliseconds> result;
  for (const auto& call : calls) {
    result.push_back(std::chrono::duration_cast<milliseconds>(call.at - start));
  }
  return result;
}

// The record awaitEach reported for the one job waited for.
Job waitForOne(ScriptedConnection& connection, const PollOptions& options, SimulatedTime& time) {
  std::vector<Job> finals;
  detail::pollUntilFinal(
      connection, {kJob}, [&](const Job& job) { finals.push_back(job); }, options, time);
  EXPECT_EQ(finals.size(), 1u);
  return finals.empty() ? Job{} : finals.front();
}

class DefaultWait : public ::testing::Test {
 protected:
  SimulatedTime time_;
  const Clock::time_point start_ = time_.now();
  ScriptedConnection connection_{time_};
  const Clock::time_point real_start_ = Clock::now();

  void TearDown() override {
    EXPECT_LT(Clock::now() - real_start_, 1s) << "a simulated-time test took real time";
  }
};

TEST_F(DefaultWait, PollsAtTheTimesPollOptionsSay) {
  struct Case {
    const char* name;
    PollOptions options;
    std::vector<milliseconds> expected;  // each getJob call's offset from the start
  };
  const std::vector<Case> cases = {
      {"doubling up to 5 s", noJitter(1s, 2.0, 5s), {0s, 1s, 3s, 7s, 12s, 17s, 22s}},
      {"the defaults' 5 s x 1.5 up to 30 s",
       noJitter(5s, 1.5, 30s),
       {0ms, 5000ms, 12500ms, 23750ms, 40625ms, 65937ms, 95937ms}},
      {"a multiplier of 1 keeps the pause", noJitter(2s, 1.0, 30s), {0s, 2s, 4s, 6s, 8s, 10s, 12s}},
      {"max below initial: initial it is", noJitter(3s, 2.0, 1s), {0s, 3s, 6s, 9s, 12s, 15s, 18s}},
  };
  for (const Case& test : cases) {
    SimulatedTime time;
    const auto start = time.now();
    ScriptedConnection connection(time);
    connection.script(
        kJob, {status("created"), status("pending"), status("processing"), status("processing"),
               status("processing"), status("processing"), status("completed")});
    const Job job = waitForOne(connection, test.options, time);
    EXPECT_EQ(job.status, JobStatus::Completed) << test.name;
    EXPECT_EQ(offsets(connection.calls(), start), test.expected) << test.name;
  }
}

TEST_F(DefaultWait, JitterSpreadsEachPauseWithinItsBounds) {
  PollOptions options = noJitter(10s, 1.0, 10s);
  options.jitter = 0.25;
  options.timeout = 0ms;  // 300 polls take about 50 simulated minutes
  std::vector<Answer> answers(300, status("processing"));
  answers.push_back(status("completed"));
  connection_.script(kJob, answers);
  waitForOne(connection_, options, time_);

  const auto calls = connection_.calls();
  ASSERT_EQ(calls.size(), 301u);
  milliseconds shortest = milliseconds::max(), longest{0};
  for (std::size_t i = 1; i < calls.size(); ++i) {
    const auto pause = std::chrono::duration_cast<milliseconds>(calls[i].at - calls[i - 1].at);
    EXPECT_GE(pause, 7500ms) << "pause " << i;
    EXPECT_LE(pause, 12500ms) << "pause " << i;
    shortest = std::min(shortest, pause);
    longest = std::max(longest, pause);
  }
  // The spread is used, both ways, not just allowed.
  EXPECT_LT(shortest, 8500ms);
  EXPECT_GT(longest, 11500ms);
}

TEST_F(DefaultWait, HoursOfPollingEndInTimeoutErrorAtTheDeadline) {
  PollOptions options;                       // the defaults: 5 s growing by 1.5 to 30 s, jitter 0.1
  options.spacing = PollSpacing::Intervals;  // their intervals, not the learned schedule
  options.timeout = 6h;
  connection_.script(kJob, {status("pending"), status("processing")});
  try {
    waitForOne(connection_, options, time_);
    FAIL() << "the wait ended before its deadline";
  } catch (const TimeoutError& error) {
    EXPECT_EQ(time_.now() - start_, 6h) << "it ended at another instant than its deadline";
    EXPECT_EQ(error.last().jobid, kJob);
    EXPECT_EQ(error.last().status_text, "processing");
    EXPECT_THAT(error.what(), HasSubstr("timed out after 21600000 ms"));
    EXPECT_THAT(error.what(), HasSubstr(kJob + " (processing)"));
    EXPECT_THAT(error.jobIds(), ElementsAre(kJob));
  }
  const auto calls = connection_.calls();
  // 6 h at about every 30 s (27 to 33 with the jitter): hundreds of polls, none past the end.
  EXPECT_GT(calls.size(), 600u);
  EXPECT_LT(calls.size(), 820u);
  EXPECT_LT(calls.back().at, start_ + 6h);
  EXPECT_GE(calls.back().at, start_ + 6h - 33s);
}

TEST_F(DefaultWait, ADeadlineBeforeTheFirstPauseEndsAfterOnePoll) {
  PollOptions options = noJitter(10s, 1.5, 30s);
  options.timeout = 4s;
  connection_.script(kJob, {status("pending")});
  EXPECT_THROW(waitForOne(connection_, options, time_), TimeoutError);
  EXPECT_EQ(time_.now() - start_, 4s);
  EXPECT_EQ(connection_.calls().size(), 1u);
}

TEST_F(DefaultWait, TimeoutsUpToMillisecondsMaxMeanNoDeadline) {
  for (const milliseconds timeout :
       {milliseconds::max(), milliseconds::max() - 1ms, milliseconds(0),
        std::chrono::duration_cast<milliseconds>(24h * 365 * 300)}) {
    SimulatedTime time;
    ScriptedConnection connection(time);
    std::vector<Answer> answers(2000, status("processing"));  // about 16 simulated hours
    answers.push_back(status("completed"));
    connection.script(kJob, answers);
    PollOptions options = noJitter(30s, 1.5, 30s);
    options.timeout = timeout;
    EXPECT_EQ(waitForOne(connection, options, time).status, JobStatus::Completed)
        << timeout.count();
  }
}

TEST_F(DefaultWait, ACancelDuringAPollEndsTheWaitBeforeAnyMorePolling) {
  PollOptions options = noJitter(1s, 2.0, 30s);
  connection_.script(kJob, {status("pending")});
  CancelToken token = options.cancel;
  connection_.onCall([&](std::size_t number) {
    if (number == 3) token.cancel();
  });
  try {
    waitForOne(connection_, options, time_);
    FAIL() << "a cancelled wait went on";
  } catch (const CancelledError& error) {
    EXPECT_THAT(error.jobIds(), ElementsAre(kJob));
  }
  EXPECT_EQ(connection_.calls().size(), 3u);
  EXPECT_EQ(time_.now() - start_, 3s) << "the pause after the third poll was slept";
}

TEST_F(DefaultWait, AnAlreadyCancelledTokenEndsTheWaitWithoutAPoll) {
  PollOptions options;
  options.cancel.cancel();
  connection_.script(kJob, {status("completed")});
  EXPECT_THROW(waitForOne(connection_, options, time_), CancelledError);
  EXPECT_TRUE(connection_.calls().empty());
}

TEST_F(DefaultWait, TransientFailuresAreRetriedOnTheSameScheduleAndPermanentOnesEndTheWait) {
  struct Case {
    const char* name;
    Answer answer;
    bool transient;
  };
  const std::vector<Case> cases = {
      {"no answer", failure(TransportError("connection refused")), true},
      {"500", failure(ServerError(500, "boom", "{}", "GET /jobs/x")), true},
      {"503", failure(ServerError(503, "busy", "{}", "GET /jobs/x")), true},
      {"429", failure(CapacityError(429, "all busy", "{}", "GET /jobs/x")), true},
      {"408", failure(ApiError(408, "slow", "{}", "GET /jobs/x")), true},
      {"596", failure(SessionError(596, "session", "{}", "GET /jobs/x")), true},
      {"400", failure(BadRequestError(400, "bad", "{}", "GET /jobs/x")), false},
      {"401", failure(UnauthorizedError(401, "who", "{}", "GET /jobs/x")), false},
      {"402", failure(PaymentRequiredError(402, "pay", "{}", "GET /jobs/x")), false},
      {"403", failure(ForbiddenError(403, "not yours", "{}", "GET /jobs/x")), false},
      {"404", failure(NotFoundError(404, "Job not found", "{}", "GET /jobs/x")), false},
      {"302", failure(ApiError(302, "moved", "", "GET /jobs/x")), false},
      {"an Error of another kind", failure(Error("odd")), false},
      {"not an Error", failure(std::runtime_error("a test double's own")), false},
  };
  for (const Case& test : cases) {
    SimulatedTime time;
    const auto start = time.now();
    ScriptedConnection connection(time);
    // Three failures, then records: a failure repeats the pause it follows instead of growing it.
    connection.script(kJob, {status("pending"), test.answer, test.answer, test.answer,
                             status("processing"), status("completed")});
    const PollOptions options = noJitter(1s, 2.0, 30s);
    if (test.transient) {
      EXPECT_EQ(waitForOne(connection, options, time).status, JobStatus::Completed) << test.name;
      EXPECT_EQ(offsets(connection.calls(), start),
                (std::vector<milliseconds>{0s, 1s, 3s, 5s, 7s, 9s}))
          << test.name;
    } else {
      try {
        waitForOne(connection, options, time);
        ADD_FAILURE() << test.name << ": the wait went on";
      } catch (const Error& error) {
        EXPECT_THAT(error.jobIds(), ElementsAre(kJob)) << test.name;
      } catch (const std::runtime_error& error) {
        EXPECT_STREQ(error.what(), "a test double's own") << test.name;
      }
      EXPECT_EQ(connection.calls().size(), 2u) << test.name << ": polled after the failure";
      EXPECT_EQ(time.now() - start, 1s) << test.name;
    }
  }
}

TEST_F(DefaultWait, TheLastTransientFailureIsInTheTimeoutsMessage) {
  PollOptions options = noJitter(1s, 1.0, 1s);
  options.timeout = 1h;
  connection_.script(
      kJob, {status("pending"), failure(ServerError(503, "overloaded", "{}", "GET /jobs/x"))});
  try {
    waitForOne(connection_, options, time_);
    FAIL() << "no timeout";
  } catch (const TimeoutError& error) {
    EXPECT_THAT(error.what(), HasSubstr("last error:"));
    EXPECT_THAT(error.what(), HasSubstr("overloaded"));
    EXPECT_EQ(error.last().status_text, "pending");
  }
  EXPECT_EQ(connection_.calls().size(), 3600u);
}

TEST_F(DefaultWait, OnUpdateRunsOncePerStatusChangeOnTheWaitingThread) {
  PollOptions options = noJitter(1s, 1.0, 1s);
  std::vector<std::string> updates;
  const auto waiting_thread = std::this_thread::get_id();
  options.on_update = [&](const Job& job) {
    EXPECT_EQ(std::this_thread::get_id(), waiting_thread);
    updates.push_back(job.status_text);
  };
  connection_.script(kJob, {status("created"), status("pending"), status("pending"),
                            failure(TransportError("reset")), status("pending"),
                            status("processing"), status("processing"), status("completed")});
  waitForOne(connection_, options, time_);
  EXPECT_THAT(updates, ElementsAre("created", "pending", "processing", "completed"));
}

TEST_F(DefaultWait, AnotherJobsRecordEndsTheWaitAsATransportError) {
  class WrongRecord : public Connection {
   public:
    Job getJob(const std::string&) override { return jobRecord("someone-else", "completed"); }
  } connection;
  try {
    detail::pollUntilFinal(
        connection, {kJob}, [](const Job&) {}, noJitter(1s, 1.0, 1s), time_);
    FAIL() << "another job's record was taken as the result";
  } catch (const TransportError& error) {
    EXPECT_EQ(typeid(error), typeid(TransportError));
    EXPECT_THAT(error.what(), HasSubstr("someone-else"));
    EXPECT_THAT(error.what(), HasSubstr("another job"));
    EXPECT_THAT(error.jobIds(), ElementsAre(kJob));
  }
}

TEST_F(DefaultWait, AnImageBatchOfFourIsWaitedForTogether) {
  const std::vector<std::string> batch = {"img-0", "img-1", "img-2", "img-3"};
  // Each image ends at another poll: img-2 first, img-0 last; img-3 fails.
  connection_.script("img-0", {status("pending"), status("processing"), status("processing"),
                               status("processing"), status("completed")});
  connection_.script("img-1", {status("pending"), status("processing"), status("completed")});
  connection_.script("img-2", {status("pending"), status("completed")});
  connection_.script("img-3", {status("pending"), status("processing"), status("failed")});
  std::vector<std::string> order;
  std::vector<Clock::time_point> when;
  detail::pollUntilFinal(
      connection_, batch,
      [&](const Job& job) {
        order.push_back(job.jobid + " " + job.status_text);
        when.push_back(time_.now());
      },
      noJitter(1s, 2.0, 30s), time_);
  EXPECT_THAT(order,
              ElementsAre("img-2 completed", "img-1 completed", "img-3 failed", "img-0 completed"));
  // Each reported the moment it was seen final, not when the last one was.
  ASSERT_EQ(when.size(), 4u);
  EXPECT_EQ(when[0] - start_, 1s);
  EXPECT_EQ(when[3] - start_, 15s);
  // All four polled at once at the start, each then on its own schedule.
  const auto calls = connection_.calls();
  ASSERT_GE(calls.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(calls[i].jobid, batch[i]);
    EXPECT_EQ(calls[i].at, start_);
  }
  EXPECT_EQ(calls.size(), 5u + 3u + 2u + 3u);
}

TEST_F(DefaultWait, AWaitForNoJobReturnsAtOnce) {
  detail::pollUntilFinal(
      connection_, {}, [](const Job&) { FAIL(); }, PollOptions{}, time_);
  EXPECT_TRUE(connection_.calls().empty());
}

}  // namespace
}  // namespace useapi::luma::testing
