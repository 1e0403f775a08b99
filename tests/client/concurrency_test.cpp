// One Client used from many threads at once: submissions, polls and listings in parallel, and
// several waits of which one is cancelled. scripts/test also runs these under ThreadSanitizer
// (gtest filter "Concurrency*"), where any data race in the client fails the suite.

#include <gmock/gmock.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/mock_api_test.hpp"

namespace useapi::luma::testing {
namespace {

using Clock = std::chrono::steady_clock;

class Concurrency : public MockApiTest {};

TEST_F(Concurrency, OneClientServesEightThreadsSubmittingPollingAndListing) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 3;
  Client client(clientOptions());
  std::mutex mutex;
  std::set<std::string> jobids;
  std::vector<std::string> failures;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        try {
          const std::string prompt = "fox " + std::to_string(t) + "." + std::to_string(round);
          const Job created = client.generateVideo(videoRequest(prompt));
          const Job polled = client.getJob(created.jobid);
          const JobList listing = client.listJobs();
          const std::lock_guard<std::mutex> lock(mutex);
          jobids.insert(created.jobid);
          if (polled.jobid != created.jobid) failures.emplace_back("getJob answered another job");
          if (listing.executing < 0) failures.emplace_back("listJobs: negative executing");
        } catch (const std::exception& error) {
          const std::lock_guard<std::mutex> lock(mutex);
          failures.emplace_back(error.what());
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_THAT(failures, ::testing::IsEmpty());
  EXPECT_EQ(jobids.size(), static_cast<std::size_t>(kThreads) * kRounds)
      << "every submission made its own job";
  EXPECT_EQ(received("POST", "/videos").size(), static_cast<std::size_t>(kThreads) * kRounds);
}

TEST_F(Concurrency, CancellingOneOfSeveralWaitsLeavesTheOthersToComplete) {
  constexpr int kWaiters = 4;  // waiter 0 is cancelled
  auto client = std::make_unique<Client>(clientOptions());
  std::vector<std::vector<std::string>> jobs(kWaiters);
  for (auto& batch : jobs) {
    for (int i = 0; i < 2; ++i) batch.push_back(client->generateVideo(videoRequest()).jobid);
  }

  PollOptions cancellable = fastPolling();
  std::vector<std::optional<std::vector<Job>>> results(kWaiters);
  std::vector<std::string> errors(kWaiters);
  std::atomic<bool> cancelled_wait_threw{false};
  Clock::time_point cancelled_returned_at;
  std::vector<std::thread> waiters;
  waiters.reserve(kWaiters);
  for (int w = 0; w < kWaiters; ++w) {
    waiters.emplace_back([&, w] {
      try {
        results[w] = client->awaitJobs(jobs[w], w == 0 ? cancellable : fastPolling());
      } catch (const CancelledError&) {
        cancelled_wait_threw = true;
      } catch (const std::exception& error) {
        errors[w] = error.what();
      }
      if (w == 0) cancelled_returned_at = Clock::now();
    });
  }
  // The mock's jobs take 400 ms: every wait is still polling when one of them is cancelled.
  std::this_thread::sleep_for(100ms);
  const Clock::time_point cancelled_at = Clock::now();
  cancellable.cancel.cancel();
  for (auto& waiter : waiters) waiter.join();
  // Destroyed right after the waits return: nothing of theirs may still run on the I/O thread.
  client.reset();

  EXPECT_TRUE(cancelled_wait_threw.load()) << errors[0];
  EXPECT_FALSE(results[0].has_value());
  // The API promises 100 ms; the bound leaves room for slow (sanitized) builds.
  EXPECT_LT(cancelled_returned_at - cancelled_at, 300ms);
  for (int w = 1; w < kWaiters; ++w) {
    ASSERT_TRUE(results[w].has_value()) << "waiter " << w << ": " << errors[w];
    ASSERT_EQ(results[w]->size(), jobs[w].size());
    for (std::size_t i = 0; i < jobs[w].size(); ++i) {
      EXPECT_EQ((*results[w])[i].jobid, jobs[w][i]);
      EXPECT_EQ((*results[w])[i].status, JobStatus::Completed);
    }
  }
}

TEST_F(Concurrency, ClientsComeAndGoWhileOthersWait) {
  // Clients created, used and destroyed on several threads at once, each with its own I/O thread.
  std::atomic<int> completed{0};
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      try {
        Client client(clientOptions());
        const Job done = client.awaitJob(client.generateVideo(videoRequest()).jobid, fastPolling());
        if (done.status == JobStatus::Completed) ++completed;
      } catch (const std::exception&) {
        // Counted as not completed below.
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(completed.load(), 4);
}

}  // namespace
}  // namespace useapi::luma::testing
