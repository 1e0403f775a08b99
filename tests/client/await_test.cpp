// Waiting for jobs through a Client over HTTP: completion, failure, concurrency and cancellation.
// The timing rules (schedule, deadlines, order of results) are tested in simulated time in
// tests/waits.

#include <gmock/gmock.h>

#include <algorithm>
#include <set>
#include <thread>

#include "support/mock_api_test.hpp"

namespace useapi::luma::testing {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

class Await : public MockApiTest {};

TEST_F(Await, VideoJobCompletesWithItsMediaAndReportsEachStatusChange) {
  Client client(clientOptions());
  const Job created = client.generateVideo(videoRequest());
  EXPECT_EQ(created.status, JobStatus::Created);

  std::vector<std::string> updates;
  PollOptions options = fastPolling();
  options.on_update = [&](const Job& job) { updates.push_back(job.status_text); };
  const Job done = client.awaitJob(created.jobid, options);

  EXPECT_EQ(done.status, JobStatus::Completed);
  EXPECT_EQ(done.jobid, created.jobid);
  ASSERT_TRUE(done.video);
  EXPECT_THAT(done.video->url, HasSubstr("/media/"));
  EXPECT_EQ(done.video->width, 256);
  ASSERT_TRUE(done.thumbnail);
  ASSERT_TRUE(done.last_frame);
  ASSERT_FALSE(updates.empty());
  EXPECT_EQ(updates.back(), "completed");
  for (std::size_t i = 1; i < updates.size(); ++i) {
    EXPECT_NE(updates[i], updates[i - 1]) << "on_update repeated an unchanged status";
  }
}

TEST_F(Await, ImageBatchJobsArePolledConcurrently) {
  Client client(clientOptions());
  ImageRequest request;
  request.prompt = "four foxes";
  const ImageBatch batch = client.generateImages(request);
  ASSERT_EQ(batch.jobids.size(), 4u);

  const std::vector<Job> jobs = client.awaitJobs(batch.jobids, fastPolling());

  // The first four polls name four different jobs: none waited for another to finish.
  const auto polls = received("GET", "/jobs/");
  ASSERT_GE(polls.size(), 4u);
  std::set<std::string> first_four;
  for (std::size_t i = 0; i < 4; ++i) first_four.insert(polls[i].path);
  EXPECT_EQ(first_four.size(), 4u);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    EXPECT_EQ(jobs[i].jobid, batch.jobids[i]);
    EXPECT_EQ(jobs[i].status, JobStatus::Completed);
    ASSERT_TRUE(jobs[i].image);
    EXPECT_THAT(jobs[i].image->url, HasSubstr(".png"));
  }
}

TEST_F(Await, FailedJobThrowsJobFailedErrorCarryingTheRecord) {
  Client client(clientOptions());
  const std::string jobid = client.generateVideo(videoRequest("doomed [mock:fail]")).jobid;
  try {
    client.awaitJob(jobid, fastPolling());
    FAIL() << "expected JobFailedError";
  } catch (const JobFailedError& error) {
    EXPECT_EQ(error.job().jobid, jobid);
    EXPECT_EQ(error.job().status, JobStatus::Failed);
    ASSERT_TRUE(error.job().error);
    EXPECT_THAT(error.what(), HasSubstr(jobid));
    EXPECT_THAT(error.what(), HasSubstr(*error.job().error));
  }
}

TEST_F(Await, AwaitJobsReturnsFailedRecordsWithoutThrowing) {
  Client client(clientOptions());
  const std::string ok = client.generateVideo(videoRequest()).jobid;
  const std::string doomed = client.generateVideo(videoRequest("doomed [mock:fail]")).jobid;
  const auto jobs = client.awaitJobs({ok, doomed}, fastPolling());
  EXPECT_EQ(jobs[0].status, JobStatus::Completed);
  EXPECT_EQ(jobs[1].status, JobStatus::Failed);
}

TEST_F(Await, PermanentErrorEndsTheWait) {
  Client client(clientOptions());
  EXPECT_THROW(client.awaitJob("j1v-u12345-email:mock@example.com:gone-bot:luma", fastPolling()),
               NotFoundError);
  Client stranger(clientOptions(kOtherToken));
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  EXPECT_THROW(stranger.awaitJob(jobid, fastPolling()), ForbiddenError);
}

TEST_F(Await, TransientErrorsDuringAWaitAreRiddenOut) {
  ClientOptions options = clientOptions();
  options.retry.max_attempts = 1;  // the poller itself must keep going
  Client client(options);
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  server_->queueFault(fault("GET /jobs/", 503, R"({"error":"busy"})", 3));
  const Job job = client.awaitJob(jobid, fastPolling());
  EXPECT_EQ(job.status, JobStatus::Completed);
  EXPECT_EQ(server_->firedFaults().size(), 3u);
}

class SlowJobs : public MockApiTest {
 protected:
  std::chrono::milliseconds jobDuration() const override { return 60s; }
};

TEST_F(SlowJobs, CancelReturnsWithin100msEvenWithA30sInterval) {
  Client client(clientOptions());
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  PollOptions options;
  options.initial_interval = 30s;
  options.max_interval = 30s;
  CancelToken token = options.cancel;

  Clock::time_point cancelled_at;
  std::thread canceller([&] {
    std::this_thread::sleep_for(300ms);
    cancelled_at = Clock::now();
    token.cancel();
  });
  EXPECT_THROW(client.awaitJob(jobid, options), CancelledError);
  const auto returned_at = Clock::now();
  canceller.join();
  EXPECT_LT(returned_at - cancelled_at, 100ms);
  EXPECT_TRUE(options.cancel.cancelled()) << "copies of a token share one flag";
}

TEST_F(SlowJobs, CancelledTokenEndsAWaitAtOnceAndLeavesOtherWaitsRunning) {
  Client client(clientOptions());
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  PollOptions cancelled = fastPolling();
  cancelled.cancel.cancel();
  EXPECT_THROW(client.awaitJob(jobid, cancelled), CancelledError);

  PollOptions other = fastPolling();
  other.timeout = 200ms;
  EXPECT_THROW(client.awaitJob(jobid, other), TimeoutError);
}

TEST_F(SlowJobs, ManyWaitsRunAtOnceFromManyThreadsOnOneClient) {
  Client client(clientOptions());
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  std::vector<std::thread> threads;
  threads.reserve(8);
  std::atomic<int> timeouts{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      PollOptions options = fastPolling();
      options.timeout = 300ms;
      try {
        client.awaitJobs({jobid, jobid, jobid}, options);
      } catch (const TimeoutError&) {
        ++timeouts;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(timeouts.load(), 8);
}

}  // namespace
}  // namespace useapi::luma::testing
