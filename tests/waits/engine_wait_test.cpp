// The I/O-thread wait engine (Poller: awaitEach, awaitAll, awaitAsync) in simulated time, over a
// SimulatedLoop transport: the instant of every poll, hours-long deadlines, retries, cancels.

#include <gmock/gmock.h>

#include <chrono>
#include <future>
#include <map>
#include <memory>

#include "useapi/luma/errors.hpp"
#include "wait/poller.hpp"
#include "waits/poll_schedules.hpp"
#include "waits/simulated_loop.hpp"

namespace useapi::luma::testing {
namespace {

using namespace std::chrono_literals;
using detail::Clock;
using detail::HttpOutcome;
using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

HttpOutcome answer(int code, std::string body) {
  HttpOutcome outcome;
  outcome.response = detail::HttpResponse{code, std::move(body), std::nullopt};
  outcome.attempts = 1;
  return outcome;
}

HttpOutcome record(const std::string& jobid, const std::string& status) {
  return answer(200, seed::videoRecord(jobid, status));
}

HttpOutcome noAnswer() {
  HttpOutcome outcome;
  outcome.failure = detail::TransportFailure{detail::FailureKind::Network, true, "reset by peer"};
  outcome.attempts = 1;
  return outcome;
}

// Each kind of wait for one job: its final record, or what it threw.
enum class Kind { Blocking, Async };
const char* nameOf(Kind kind) { return kind == Kind::Blocking ? "awaitAll" : "awaitAsync"; }

class EngineWait : public ::testing::Test {
 protected:
  ~EngineWait() override {
    loop_->runPostsInline();  // the Poller's destructor waits for work it posts
    poller_.reset();
  }

  /// The answers to `jobid`'s polls in turn; the last one repeats.
  void script(const std::string& jobid, std::vector<HttpOutcome> answers) {
    scripts_[jobid] = std::move(answers);
  }

  Job wait(Kind kind, const std::string& jobid, const PollOptions& options) {
    if (kind == Kind::Blocking) return poller_->awaitAll({jobid}, options).front();
    auto future = poller_->awaitAsync(jobid, options);
    loop_->runUntil([&] { return future.wait_for(0s) == std::future_status::ready; });
    if (future.wait_for(0s) != std::future_status::ready) throw std::logic_error("never ended");
    return future.get();
  }

  std::vector<milliseconds> sentAt() const {
    std::vector<milliseconds> offsets;
    for (const auto& sent : loop_->sent()) {
      offsets.push_back(std::chrono::duration_cast<milliseconds>(sent.at - start_));
    }
    return offsets;
  }
  milliseconds elapsed() const {
    return std::chrono::duration_cast<milliseconds>(loop_->now() - start_);
  }

  std::map<std::string, std::vector<HttpOutcome>> scripts_;
  std::vector<std::string> settled_;
  std::shared_ptr<SimulatedLoop> loop_ =
      std::make_shared<SimulatedLoop>([this](const std::string& jobid, std::size_t number) {
        const auto& answers = scripts_.at(jobid);
        return answers.at(std::min(number, answers.size()) - 1);
      });
  std::unique_ptr<detail::Poller> poller_ = std::make_unique<detail::Poller>(
      *loop_, &SimulatedLoop::requestFor,
      [this](const std::string& jobid, const Job* final_record) {
        settled_.push_back(jobid + (final_record ? " " + final_record->status_text : " gone"));
      },
      loop_);
  const Clock::time_point start_ = loop_->now();
  const Clock::time_point real_start_ = Clock::now();

  void TearDown() override {
    EXPECT_LT(Clock::now() - real_start_, 1s) << "a simulated-time test took real time";
  }
};

class EveryKind : public EngineWait, public ::testing::WithParamInterface<Kind> {};
INSTANTIATE_TEST_SUITE_P(EngineWait, EveryKind, ::testing::Values(Kind::Blocking, Kind::Async),
                         [](const auto& info) { return std::string(nameOf(info.param)); });

TEST_P(EveryKind, PollsAtTheTimesPollOptionsSay) {
  script(kJob, {record(kJob, "created"), record(kJob, "pending"), record(kJob, "processing"),
                record(kJob, "processing"), record(kJob, "processing"), record(kJob, "processing"),
                record(kJob, "completed")});
  std::vector<std::string> updates;
  PollOptions options = noJitter(1s, 2.0, 5s);
  options.on_update = [&](const Job& job) { updates.push_back(job.status_text); };
  EXPECT_EQ(wait(GetParam(), kJob, options).status, JobStatus::Completed);
  EXPECT_THAT(sentAt(), ElementsAre(0s, 1s, 3s, 7s, 12s, 17s, 22s));
  EXPECT_THAT(updates, ElementsAre("created", "pending", "processing", "completed"));
  EXPECT_THAT(settled_, ElementsAre(kJob + " completed"));
}

TEST_P(EveryKind, HoursOfPollingEndInTimeoutErrorAtTheDeadline) {
  script(kJob, {record(kJob, "pending"), record(kJob, "processing")});
  PollOptions options;                       // the defaults: 5 s growing by 1.5 to 30 s, jitter 0.1
  options.spacing = PollSpacing::Intervals;  // their intervals, not the learned schedule
  options.timeout = 6h;
  try {
    wait(GetParam(), kJob, options);
    FAIL() << "the wait ended before its deadline";
  } catch (const TimeoutError& error) {
    EXPECT_EQ(elapsed(), 6h) << "it ended at another instant than its deadline";
    EXPECT_EQ(error.last().status_text, "processing");
    EXPECT_THAT(error.what(), HasSubstr("timed out after 21600000 ms"));
    EXPECT_THAT(error.jobIds(), ElementsAre(kJob));
  }
  EXPECT_GT(loop_->sent().size(), 600u);
  EXPECT_LT(loop_->sent().size(), 820u);
  EXPECT_LT(loop_->sent().back().at, start_ + 6h);
  EXPECT_TRUE(settled_.empty());
}

TEST_P(EveryKind, TransientAnswersAreRiddenOutAndPermanentOnesEndTheWait) {
  struct Case {
    const char* name;
    HttpOutcome outcome;
    bool transient;
    const char* said;  // in the error's text
  };
  const std::vector<Case> cases = {
      {"no answer", noAnswer(), true, ""},
      {"500", answer(500, R"({"error":"boom"})"), true, ""},
      {"503", answer(503, R"({"error":"busy"})"), true, ""},
      {"429", answer(429, R"({"error":"all accounts busy"})"), true, ""},
      {"408", answer(408, ""), true, ""},
      {"404 of the API", answer(404, R"({"error":"Job not found"})"), false, "404"},
      {"403", answer(403, R"({"error":"not yours"})"), false, "not yours"},
      {"401", answer(401, R"({"error":"who are you"})"), false, "401"},
      {"302", answer(302, ""), false, "302"},
      {"2xx HTML page", answer(200, "<html></html>"), false, ""},
      {"2xx without a jobid", answer(200, R"({"status":"completed"})"), false, "jobid"},
      {"another job's record", record("someone-else", "completed"), false, "another job"},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.name);
    const std::string jobid = std::string("j-") + test.name;
    const auto first = loop_->sent().size();
    const auto started = loop_->now();
    script(jobid, {record(jobid, "pending"), test.outcome, test.outcome, test.outcome,
                   record(jobid, "processing"), record(jobid, "completed")});
    std::vector<milliseconds> offsets;
    if (test.transient) {
      EXPECT_EQ(wait(GetParam(), jobid, noJitter(1s, 2.0, 30s)).status, JobStatus::Completed);
      for (auto i = first; i < loop_->sent().size(); ++i) {
        offsets.push_back(std::chrono::duration_cast<milliseconds>(loop_->sent()[i].at - started));
      }
      EXPECT_THAT(offsets, ElementsAre(0s, 1s, 3s, 5s, 7s, 9s));
    } else {
      try {
        wait(GetParam(), jobid, noJitter(1s, 2.0, 30s));
        ADD_FAILURE() << "the wait went on";
      } catch (const Error& error) {
        EXPECT_THAT(error.what(), HasSubstr(test.said));
        EXPECT_THAT(error.jobIds(), ElementsAre(jobid));
      }
      EXPECT_EQ(loop_->sent().size() - first, 2u) << "polled again after a permanent answer";
      EXPECT_EQ(loop_->now() - started, 1s);
    }
  }
  // Only the API's own 404 says the job is gone.
  EXPECT_THAT(settled_, ::testing::Contains("j-404 of the API gone"));
}

TEST_P(EveryKind, ACancelEndsTheWaitBeforeAnyMorePolling) {
  script(kJob, {record(kJob, "pending"), record(kJob, "processing")});
  PollOptions options = noJitter(1s, 2.0, 30s);
  CancelToken token = options.cancel;
  options.on_update = [&](const Job& job) {
    if (job.status_text == "processing") token.cancel();
  };
  try {
    wait(GetParam(), kJob, options);
    FAIL() << "a cancelled wait went on";
  } catch (const CancelledError& error) {
    EXPECT_THAT(error.jobIds(), ElementsAre(kJob));
  }
  EXPECT_EQ(loop_->sent().size(), 2u);
  EXPECT_EQ(elapsed(), 1s) << "the pause after the cancel was slept";
}

TEST_P(EveryKind, AFailedJobEndsTheWaitWithItsRecord) {
  script(kJob, {record(kJob, "pending"), record(kJob, "failed")});
  if (GetParam() == Kind::Blocking) {
    EXPECT_EQ(wait(Kind::Blocking, kJob, noJitter(1s, 1.0, 1s)).status, JobStatus::Failed);
  } else {
    try {
      wait(Kind::Async, kJob, noJitter(1s, 1.0, 1s));
      FAIL() << "a failed job completed";
    } catch (const JobFailedError& error) {
      EXPECT_EQ(error.job().jobid, kJob);
      EXPECT_THAT(error.jobIds(), ElementsAre(kJob));
    }
  }
  EXPECT_EQ(elapsed(), 1s);
  EXPECT_THAT(settled_, ElementsAre(kJob + " failed"));
}

TEST_P(EveryKind, TimeoutsUpToMillisecondsMaxMeanNoDeadline) {
  for (const milliseconds timeout :
       {milliseconds::max(), milliseconds::max() - 1ms, milliseconds(0),
        std::chrono::duration_cast<milliseconds>(24h * 365 * 300)}) {
    const std::string jobid = "j-" + std::to_string(timeout.count());
    std::vector<HttpOutcome> answers(2000, record(jobid, "processing"));  // 16 simulated hours
    answers.push_back(record(jobid, "completed"));
    script(jobid, answers);
    PollOptions options = noJitter(30s, 1.5, 30s);
    options.timeout = timeout;
    EXPECT_EQ(wait(GetParam(), jobid, options).status, JobStatus::Completed) << timeout.count();
  }
}

TEST_F(EngineWait, ResultsComeInInputOrderWhateverOrderJobsFinishIn) {
  script("first", {record("first", "pending"), record("first", "completed")});
  script("second", {record("second", "pending"), record("second", "processing"),
                    record("second", "completed")});
  const auto jobs = poller_->awaitAll({"second", "first", "second"}, noJitter(1s, 1.0, 1s));
  ASSERT_EQ(jobs.size(), 3u);
  EXPECT_EQ(jobs[0].jobid, "second");
  EXPECT_EQ(jobs[1].jobid, "first");
  EXPECT_EQ(jobs[2].jobid, "second");
  for (const Job& job : jobs) EXPECT_EQ(job.status, JobStatus::Completed);
}

TEST_F(EngineWait, AnImageBatchIsPolledAllAtOnceAndEachReportedTheMomentItEnds) {
  const std::vector<std::string> batch = {"img-0", "img-1", "img-2", "img-3"};
  script("img-0",
         {record("img-0", "pending"), record("img-0", "processing"), record("img-0", "processing"),
          record("img-0", "processing"), record("img-0", "completed")});
  script("img-1",
         {record("img-1", "pending"), record("img-1", "processing"), record("img-1", "completed")});
  script("img-2", {record("img-2", "pending"), record("img-2", "completed")});
  script("img-3", {record("img-3", "pending"), noAnswer(), record("img-3", "failed")});
  std::vector<std::string> reported;
  poller_->awaitEach(batch, noJitter(1s, 2.0, 30s), [&](std::size_t index, const Job& job) {
    reported.push_back(batch[index] + " " + job.status_text + " at " +
                       std::to_string(elapsed().count()));
  });
  EXPECT_THAT(reported, ElementsAre("img-2 completed at 1000", "img-1 completed at 3000",
                                    "img-3 failed at 3000", "img-0 completed at 15000"));
  const auto& sent = loop_->sent();
  ASSERT_GE(sent.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(sent[i].jobid, batch[i]);
    EXPECT_EQ(sent[i].at, start_);
  }
}

TEST_F(EngineWait, AwaitEachNamesOnlyTheJobsLeftUnfinished) {
  script("quick", {record("quick", "completed")});
  script("slow", {record("slow", "processing")});
  PollOptions options = noJitter(1s, 1.0, 1s);
  options.timeout = 10min;
  std::vector<std::string> reported;
  try {
    poller_->awaitEach({"quick", "slow"}, options,
                       [&](std::size_t, const Job& job) { reported.push_back(job.jobid); });
    FAIL() << "no timeout";
  } catch (const TimeoutError& error) {
    EXPECT_THAT(error.jobIds(), ElementsAre("slow"));
    EXPECT_EQ(elapsed(), 10min);
  }
  EXPECT_THAT(reported, ElementsAre("quick"));
}

TEST_F(EngineWait, DestroyingThePollerEndsTheFuturesStillWaiting) {
  script(kJob, {record(kJob, "processing")});
  auto future = poller_->awaitAsync(kJob, noJitter(10s, 1.0, 10s));
  loop_->runUntil([&] { return loop_->sent().size() == 3; });
  loop_->runPostsInline();
  poller_.reset();
  ASSERT_EQ(future.wait_for(0s), std::future_status::ready);
  try {
    future.get();
    FAIL() << "the wait outlived its poller";
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), HasSubstr("destroyed"));
    EXPECT_THAT(error.jobIds(), ElementsAre(kJob));
  }
  poller_ = std::make_unique<detail::Poller>(*loop_, &SimulatedLoop::requestFor);
}

}  // namespace
}  // namespace useapi::luma::testing
