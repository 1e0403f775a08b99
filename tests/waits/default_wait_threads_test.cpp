// The default waits where threads meet: a cancel from another thread wakes a pause at once (on
// the real clock), awaitJobAsync's own thread and its future, and the public default bodies of a
// Connection that implements only getJob().

#include <gmock/gmock.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "wait/default_wait.hpp"
#include "waits/poll_schedules.hpp"
#include "waits/scripted_connection.hpp"

namespace useapi::luma::testing {
namespace {

using namespace std::chrono_literals;
using detail::Clock;
using detail::SimulatedTime;
using ::testing::ElementsAre;

TEST(DefaultWaitThreads, ACancelMidPauseReturnsWithin100ms) {
  auto time = detail::systemTime();
  ScriptedConnection connection(*time);
  connection.script(kJob, {status("processing")});
  PollOptions options = noJitter(30s, 1.0, 30s);
  CancelToken token = options.cancel;
  Clock::time_point cancelled_at;
  std::thread canceller([&] {
    std::this_thread::sleep_for(50ms);
    cancelled_at = Clock::now();
    token.cancel();
  });
  EXPECT_THROW(detail::pollUntilFinal(
                   connection, {kJob}, [](const Job&) {}, options, *time),
               CancelledError);
  const auto returned_at = Clock::now();
  canceller.join();
  EXPECT_LT(returned_at - cancelled_at, 100ms);
  EXPECT_EQ(connection.calls().size(), 1u);
}

TEST(DefaultWaitThreads, TheAsyncWaitRunsOnItsOwnThreadAndEndsAsAwaitJob) {
  SimulatedTime time;
  ScriptedConnection connection(time);
  connection.script(kJob, {status("pending"), status("completed")});
  connection.script("doomed", {status("pending"), status("failed")});
  const auto caller = std::this_thread::get_id();
  std::atomic<bool> own_thread{true};
  const detail::AwaitEach simulated = [&](const std::vector<std::string>& jobids,
                                          const std::function<void(const Job&)>& on_final,
                                          const PollOptions& options) {
    if (std::this_thread::get_id() == caller) own_thread = false;
    detail::pollUntilFinal(connection, jobids, on_final, options, time);
  };
  auto done = detail::awaitOnItsOwnThread(kJob, noJitter(5s, 1.0, 5s), simulated);
  EXPECT_EQ(done.get().status, JobStatus::Completed);
  auto failed = detail::awaitOnItsOwnThread("doomed", noJitter(5s, 1.0, 5s), simulated);
  try {
    failed.get();
    FAIL() << "a failed job completed";
  } catch (const JobFailedError& error) {
    EXPECT_EQ(error.job().jobid, "doomed");
    EXPECT_THAT(error.jobIds(), ElementsAre("doomed"));
  }
  PollOptions short_wait = noJitter(5s, 1.0, 5s);
  short_wait.timeout = 1h;
  connection.script("slow", {status("processing")});
  auto timed_out = detail::awaitOnItsOwnThread("slow", short_wait, simulated);
  EXPECT_THROW(timed_out.get(), TimeoutError);
  EXPECT_TRUE(own_thread.load());
}

// The public default bodies, on the real clock, with millisecond pauses.
TEST(DefaultWaitThreads, AConnectionWithOnlyGetJobIsEnoughForAwaitEachAndAwaitJobAsync) {
  auto time = detail::systemTime();
  ScriptedConnection connection(*time);
  connection.script("a", {status("pending"), status("completed")});
  connection.script("b", {status("processing"), status("failed")});
  PollOptions options = noJitter(1ms, 1.0, 1ms);
  std::vector<std::string> finals;
  connection.awaitEach(
      {"a", "b"}, [&](const Job& job) { finals.push_back(job.jobid); }, options);
  EXPECT_THAT(finals, ::testing::UnorderedElementsAre("a", "b"));

  connection.script("c", {status("pending"), status("completed")});
  EXPECT_EQ(connection.awaitJobAsync("c", options).get().jobid, "c");
  connection.script("d", {status("failed")});
  EXPECT_THROW(connection.awaitJobAsync("d", options).get(), JobFailedError);
}

TEST(DefaultWaitThreads, DestroyingTheFutureJoinsTheWait) {
  auto time = detail::systemTime();
  ScriptedConnection connection(*time);
  connection.script("e", {status("processing")});
  PollOptions options = noJitter(20ms, 1.0, 20ms);
  CancelToken token = options.cancel;
  std::atomic<bool> cancelled{false};
  std::thread canceller;
  {
    auto future = connection.awaitJobAsync("e", options);
    canceller = std::thread([&] {
      std::this_thread::sleep_for(60ms);
      cancelled = true;
      token.cancel();
    });
  }  // blocks until the wait's thread is done: only the cancel above ends it
  EXPECT_TRUE(cancelled.load());
  canceller.join();
  const auto polls = connection.calls().size();
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(connection.calls().size(), polls) << "the wait polled on after its future was gone";
}

}  // namespace
}  // namespace useapi::luma::testing
