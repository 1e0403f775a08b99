// Learned polling on the I/O-thread wait engine (Poller: awaitAll, awaitAsync) in simulated
// time: the record of a poll plans the next ones there too.

#include <gmock/gmock.h>

#include <chrono>
#include <future>
#include <memory>

#include "support/seed_ids.hpp"
#include "wait/poller.hpp"
#include "wait/wait_context.hpp"
#include "waits/simulated_loop.hpp"
#include "waits/timed_jobs.hpp"

namespace useapi::luma::testing {
namespace {

using namespace std::chrono_literals;
using detail::Clock;
using std::chrono::milliseconds;

enum class LearnedCall { Blocking, Async };

class LearnedEngine : public ::testing::TestWithParam<LearnedCall> {
 protected:
  ~LearnedEngine() override {
    loop_->runPostsInline();  // the Poller's destructor waits for work it posts
    poller_.reset();
  }

  // The seed's 720p video record made a 1080p one created now, running for `runs_`.
  detail::HttpOutcome answer() {
    std::string record =
        seed::videoRecord(seed::kVideoJobId, loop_->now() >= ends_ ? "completed" : "processing");
    const std::string seed_created = "2026-03-26T14:05:30.123Z";
    record.replace(record.find(seed_created), seed_created.size(), created_);
    record.replace(record.find("720p"), 4, "1080p");
    detail::HttpOutcome outcome;
    outcome.response = detail::HttpResponse{200, record, std::nullopt};
    outcome.attempts = 1;
    return outcome;
  }

  std::shared_ptr<detail::WaitContext> context_ = std::make_shared<detail::WaitContext>();
  detail::WaitContextScope scope_{context_};
  const std::string created_ = isoOf(std::chrono::system_clock::now());
  std::shared_ptr<SimulatedLoop> loop_ =
      std::make_shared<SimulatedLoop>([this](const std::string&, std::size_t) { return answer(); });
  const Clock::time_point start_ = loop_->now();
  const Clock::time_point ends_ = start_ + 175s;  // the docs: a 1080p video takes about 3 min
  std::unique_ptr<detail::Poller> poller_ =
      std::make_unique<detail::Poller>(*loop_, &SimulatedLoop::requestFor, nullptr, loop_);
};

TEST_P(LearnedEngine, SleepsThroughTheUnlikelyTimeAndEndsNearTheJobsEnd) {
  const std::string jobid = seed::kVideoJobId;
  if (GetParam() == LearnedCall::Blocking) {
    poller_->awaitAll({jobid}, PollOptions{});
  } else {
    auto future = poller_->awaitAsync(jobid, PollOptions{});
    loop_->runUntil([&] { return future.wait_for(0s) == std::future_status::ready; });
    ASSERT_EQ(future.wait_for(0s), std::future_status::ready);
    future.get();
  }
  const auto& sent = loop_->sent();
  ASSERT_GE(sent.size(), 2u);
  EXPECT_EQ(sent[0].at, start_) << "the first poll is at once";
  EXPECT_GE(sent[1].at - start_, 100s) << "it polled while the job was unlikely to be done";
  EXPECT_LE(loop_->now() - ends_, 175s * 3 / 100) << "noticed later than 3% of the job's time";
  EXPECT_LE(sent.size(), 1u + 18u) << "more polls than a 10-s loop's (at once, then 18)";
}

INSTANTIATE_TEST_SUITE_P(Poller, LearnedEngine,
                         ::testing::Values(LearnedCall::Blocking, LearnedCall::Async),
                         [](const auto& info) {
                           return std::string(info.param == LearnedCall::Blocking ? "awaitAll"
                                                                                  : "awaitAsync");
                         });

}  // namespace
}  // namespace useapi::luma::testing
