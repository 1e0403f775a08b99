// RetryPolicy::retry_capacity: off, a job-creating POST's 429 is not retried (a batch schedules
// instead); calls that create nothing keep retrying 429.

#include <gmock/gmock.h>

#include "batch/batch_fixture.hpp"

namespace useapi::luma::testing {
namespace {

class RetryCapacity : public BatchTest {};

TEST_F(RetryCapacity, OffAJobCreating429IsAnsweredAtOnce) {
  server_->queueFault(
      fault("POST /videos", 429, R"({"error":"All configured accounts are busy"})"));
  ClientOptions options = clientOptions();
  options.retry.retry_capacity = false;
  Client client(options);
  EXPECT_THROW(client.generateVideo(videoRequest()), CapacityError);
  EXPECT_EQ(received("POST", "/videos").size(), 1u);
  EXPECT_EQ(server_->jobsCreated(), 0u);
}

TEST_F(RetryCapacity, OnAJobCreating429IsRetried) {
  server_->queueFault(
      fault("POST /videos", 429, R"({"error":"All configured accounts are busy"})"));
  Client client(clientOptions());
  EXPECT_NO_THROW(client.generateVideo(videoRequest()));
  EXPECT_EQ(received("POST", "/videos").size(), 2u);
}

TEST_F(RetryCapacity, OffOtherCallsStillRetry429) {
  ClientOptions options = clientOptions();
  options.retry.retry_capacity = false;
  Client client(options);
  const Job job = client.generateVideo(videoRequest());
  server_->queueFault(fault("GET /jobs/", 429, R"({"error":"Too many requests"})"));
  server_->queueFault(fault("GET /accounts", 429, R"({"error":"Too many requests"})"));
  EXPECT_NO_THROW(client.getJob(job.jobid));
  EXPECT_NO_THROW(client.listAccounts());
  EXPECT_EQ(received("GET", "/jobs/").size(), 2u);
  EXPECT_EQ(received("GET", "/accounts").size(), 2u);
}

}  // namespace
}  // namespace useapi::luma::testing
