// Learned polling against testing::MockServer over real HTTP, at real speed, through the public
// API only: once a client has seen how long its images take, a wait given no intervals sleeps
// through most of the next batch's run and notices its end soon after, with few polls.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "useapi/luma.hpp"
#include "useapi/luma/testing/mock_server.hpp"

namespace useapi::luma {
namespace {

using namespace std::chrono_literals;
using std::chrono::steady_clock;
using testing::MockServer;
using testing::MockServerOptions;

// The GET /jobs/{jobid} requests the mock received for `jobids` since `since`.
std::size_t pollsOf(const MockServer& server, const std::vector<std::string>& jobids,
                    steady_clock::time_point since) {
  std::size_t polls = 0;
  for (const auto& request : server.requests()) {
    if (request.method != "GET" || request.received_at < since) continue;
    for (const auto& jobid : jobids) {
      if (request.path.find(jobid) != std::string::npos) ++polls;
    }
  }
  return polls;
}

TEST(MockServerLearnedPolling, AfterABatchTheNextWaitNoticesTheEndSoonWithFewPolls) {
  MockServerOptions options;
  options.job_seconds = 4;  // every image takes 4 s (the docs' prior is 30-60 s)
  MockServer server(options);
  Client client(server.clientOptions());
  ImageRequest request;
  request.prompt = "a lighthouse at dusk";

  // The first batch is waited for with intervals of the caller's own: 4 durations learned.
  PollOptions own_intervals;
  own_intervals.initial_interval = 200ms;
  own_intervals.max_interval = 200ms;
  client.awaitJobs(client.generateImages(request).jobids, own_intervals);

  // The next one with no intervals: learned from those 4, not the 45-s prior.
  const auto submitted = steady_clock::now();
  const ImageBatch batch = client.generateImages(request);
  const std::vector<Job> jobs = client.awaitJobs(batch.jobids);
  const auto waited = steady_clock::now() - submitted;

  for (const Job& job : jobs) EXPECT_EQ(job.status, JobStatus::Completed) << job.jobid;
  // The seed's 10-s loop notices a 4-s job at 10 s, the old default intervals at 5 s; polls
  // at once and then at most once a second near the end come to 4-5 s.
  EXPECT_GE(waited, 4s) << "returned before the jobs could end";
  EXPECT_LT(waited, 5200ms) << "noticed the end late";
  // A 10-s loop polls each job twice (at once, and at 10 s); the learned wait no more on average.
  const std::size_t polls = pollsOf(server, batch.jobids, submitted);
  EXPECT_LE(polls, 2 * batch.jobids.size())
      << polls << " polls for " << batch.jobids.size() << " jobs";
}

}  // namespace
}  // namespace useapi::luma
