// ClientOptions::max_requests_per_second: every request of a client, polls of all its waits
// included, shares one budget, as counted by the mock.

#include <gmock/gmock.h>

#include <algorithm>

#include "support/mock_api_test.hpp"

namespace useapi::luma::testing {
namespace {

using Clock = std::chrono::steady_clock;

class RateBudget : public MockApiTest {
 protected:
  std::chrono::milliseconds jobDuration() const override { return 1500ms; }

  // Submits `jobs` videos and waits for all of them with eager polling (20-50 ms per job).
  void generateAndAwait(Client& client, int jobs) {
    std::vector<std::string> jobids;
    jobids.reserve(static_cast<std::size_t>(jobs));
    for (int i = 0; i < jobs; ++i) {
      jobids.push_back(client.generateVideo(videoRequest("fox " + std::to_string(i))).jobid);
    }
    PollOptions eager = fastPolling();
    eager.initial_interval = 20ms;
    eager.max_interval = 50ms;
    for (const Job& job : client.awaitJobs(jobids, eager)) {
      EXPECT_EQ(job.status, JobStatus::Completed);
    }
  }

  // The most API requests the mock received within any one second.
  std::size_t busiestSecond() const {
    std::vector<Clock::time_point> times;
    for (const auto& request : server_->requests()) times.push_back(request.received_at);
    std::sort(times.begin(), times.end());
    std::size_t busiest = 0;
    std::size_t first = 0;
    for (std::size_t last = 0; last < times.size(); ++last) {
      while (times[last] - times[first] >= 1s) ++first;
      busiest = std::max(busiest, last - first + 1);
    }
    return busiest;
  }
};

TEST_F(RateBudget, AllRequestsOfAllWaitsTogetherStayWithinTheBudget) {
  ClientOptions options = clientOptions();
  options.max_requests_per_second = 20;
  Client client(options);
  generateAndAwait(client, 30);
  // Evenly spaced starts: a one-second window holds at most the budget plus the one at its edge
  // (and a little for scheduling jitter on a busy machine).
  EXPECT_LE(busiestSecond(), 22u);
  EXPECT_GE(server_->requests().size(), 60u);  // the 30 submissions and at least one poll each
}

TEST_F(RateBudget, WithoutABudgetTheSameWorkloadSendsFarMore) {
  Client client(clientOptions());  // shows the limit above is what held the rate down
  generateAndAwait(client, 30);
  EXPECT_GT(busiestSecond(), 100u);
}

}  // namespace
}  // namespace useapi::luma::testing
