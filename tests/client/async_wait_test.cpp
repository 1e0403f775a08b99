// awaitJobAsync: waits that do not block a thread each, all driven by the client's one I/O
// thread. (awaitEach's timing is tested in simulated time in tests/waits.)

#include <gmock/gmock.h>

#include <dirent.h>

#include <future>
#include <thread>

#include "support/mock_api_test.hpp"

namespace useapi::luma::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

// Threads of this process right now.
std::size_t threadCount() {
  std::size_t count = 0;
  if (DIR* tasks = ::opendir("/proc/self/task")) {
    while (const dirent* entry = ::readdir(tasks)) {
      if (entry->d_name[0] != '.') ++count;
    }
    ::closedir(tasks);
  }
  return count;
}

class AsyncWait : public MockApiTest {
 protected:
  std::chrono::milliseconds jobDuration() const override { return 500ms; }
  int concurrency() const override { return 1000; }
};

TEST_F(AsyncWait, HundredsOfFuturesCompleteWithoutAThreadEach) {
  Client client(clientOptions());
  std::vector<std::string> jobids;
  jobids.reserve(200);
  for (int i = 0; i < 200; ++i) {
    jobids.push_back(client.generateVideo(videoRequest("fox " + std::to_string(i))).jobid);
  }
  const std::size_t threads_before = threadCount();
  std::vector<std::future<Job>> futures;
  futures.reserve(jobids.size());
  for (const auto& jobid : jobids) futures.push_back(client.awaitJobAsync(jobid, fastPolling()));
  const std::size_t threads_while_waiting = threadCount();
  for (std::size_t i = 0; i < futures.size(); ++i) {
    const Job job = futures[i].get();
    EXPECT_EQ(job.jobid, jobids[i]);
    EXPECT_EQ(job.status, JobStatus::Completed);
  }
  // The mock's pool may grow under load; the client adds no thread per wait.
  EXPECT_LT(threads_while_waiting, threads_before + 8);
}

TEST_F(AsyncWait, CancellingOneFutureLeavesTheOthersRunning) {
  Client client(clientOptions());
  const std::string first = client.generateVideo(videoRequest("one")).jobid;
  const std::string second = client.generateVideo(videoRequest("two")).jobid;
  const std::string third = client.generateVideo(videoRequest("three")).jobid;

  PollOptions cancellable = fastPolling();
  cancellable.initial_interval = 10s;  // the cancel, not a poll, must end it
  auto cancelled = client.awaitJobAsync(second, cancellable);
  auto a = client.awaitJobAsync(first, fastPolling());
  auto c = client.awaitJobAsync(third, fastPolling());

  std::this_thread::sleep_for(50ms);
  const auto cancelled_at = Clock::now();
  cancellable.cancel.cancel();
  ASSERT_EQ(cancelled.wait_for(300ms), std::future_status::ready);
  EXPECT_LT(Clock::now() - cancelled_at, 100ms + 50ms);
  try {
    cancelled.get();
    FAIL() << "a cancelled wait returned a job";
  } catch (const CancelledError& error) {
    EXPECT_THAT(error.jobIds(), ElementsAre(second));
  }
  EXPECT_EQ(a.get().status, JobStatus::Completed);
  EXPECT_EQ(c.get().status, JobStatus::Completed);
}

TEST_F(AsyncWait, ATimeoutAFailureAndUpdatesReachTheFuture) {
  Client client(clientOptions());
  const std::string slow = client.generateVideo(videoRequest()).jobid;
  const std::string failing = client.generateVideo(videoRequest("[mock:fail] x")).jobid;

  PollOptions short_wait = fastPolling();
  short_wait.timeout = 150ms;
  auto timed_out = client.awaitJobAsync(slow, short_wait);
  std::atomic<int> updates{0};
  PollOptions counting = fastPolling();
  counting.on_update = [&](const Job&) { ++updates; };
  auto failed = client.awaitJobAsync(failing, counting);

  EXPECT_THROW(timed_out.get(), TimeoutError);
  try {
    failed.get();
    FAIL() << "a failed job completed";
  } catch (const JobFailedError& error) {
    EXPECT_EQ(error.job().jobid, failing);
    EXPECT_THAT(error.jobIds(), ElementsAre(failing));
  }
  EXPECT_GE(updates.load(), 2);  // at least one running status and the final one
}

TEST_F(AsyncWait, DestroyingTheClientEndsTheFuturesStillWaiting) {
  std::future<Job> pending;
  {
    Client client(clientOptions());
    const std::string jobid = client.generateVideo(videoRequest()).jobid;
    PollOptions long_wait = fastPolling();
    long_wait.initial_interval = 10s;
    pending = client.awaitJobAsync(jobid, long_wait);
  }
  ASSERT_EQ(pending.wait_for(1s), std::future_status::ready);
  try {
    pending.get();
    FAIL() << "the wait outlived its client";
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), HasSubstr("destroyed"));
  }
}

}  // namespace
}  // namespace useapi::luma::testing
