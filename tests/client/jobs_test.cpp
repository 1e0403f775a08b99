// The job list and job deletion.

#include <gmock/gmock.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support/mock_api_test.hpp"

namespace useapi::luma::testing {
namespace {

class Jobs : public MockApiTest {};

TEST_F(Jobs, ListShowsRunningJobsOnly) {
  Client client(clientOptions());
  VideoRequest with_hook = videoRequest();
  with_hook.reply_url = "http://127.0.0.1:9/hook";
  const std::string video = client.generateVideo(with_hook).jobid;
  ImageRequest images;
  images.prompt = "four";
  const std::string batch = client.generateImages(images).jobid;

  const JobList running = client.listJobs();
  EXPECT_EQ(running.executing, 2);
  ASSERT_EQ(running.jobs.size(), 2u);
  const auto find = [&](const std::string& id) {
    return std::find_if(running.jobs.begin(), running.jobs.end(),
                        [&](const JobSummary& job) { return job.jobid == id; });
  };
  ASSERT_NE(find(video), running.jobs.end());
  EXPECT_EQ(find(video)->type, JobType::Video);
  EXPECT_TRUE(find(video)->has_reply_url);
  EXPECT_EQ(find(video)->account, "mock@example.com");
  ASSERT_NE(find(batch), running.jobs.end());
  EXPECT_EQ(find(batch)->type, JobType::Image);
  EXPECT_FALSE(find(batch)->has_reply_url);

  client.awaitJob(video, fastPolling());
  client.awaitJob(batch, fastPolling());
  EXPECT_TRUE(client.listJobs().jobs.empty());
}

// Ten running jobs make a list of more than a kilobyte, which luma-mock gzips for the Client
// (it asks for gzip): the list must arrive decoded.
TEST_F(Jobs, ALongListArrivesCompressedAndIsDecoded) {
  Client client(clientOptions());
  std::vector<std::string> jobids;
  jobids.reserve(10);
  for (int i = 0; i < 10; ++i) jobids.push_back(client.generateVideo(videoRequest()).jobid);
  const JobList running = client.listJobs();
  EXPECT_EQ(running.executing, 10);
  std::vector<std::string> listed;
  listed.reserve(running.jobs.size());
  for (const JobSummary& job : running.jobs) listed.push_back(job.jobid);
  EXPECT_THAT(listed, ::testing::UnorderedElementsAreArray(jobids));
  client.awaitJobs(jobids, fastPolling());
}

TEST_F(Jobs, DeleteOfARunningJobIsAConflictSayingToWait) {
  Client client(clientOptions());
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  try {
    client.deleteJob(jobid);
    FAIL() << "expected ConflictError";
  } catch (const ConflictError& error) {
    EXPECT_EQ(error.status(), 409);
    EXPECT_THAT(error.message(), ::testing::HasSubstr("Wait for completion"));
  }
  client.awaitJob(jobid, fastPolling());
  client.deleteJob(jobid);
  EXPECT_THROW(client.getJob(jobid), NotFoundError);
  EXPECT_THROW(client.deleteJob(jobid), NotFoundError);
}

TEST_F(Jobs, DeleteReportsEachDocumentedError) {
  Client client(clientOptions());
  Client stranger(clientOptions(kOtherToken));
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  EXPECT_THROW(stranger.deleteJob(jobid), ForbiddenError);
  EXPECT_THROW(client.deleteJob("not-a-job"), BadRequestError);
  EXPECT_THROW(client.deleteJob("j9v-u12345-email:mock@example.com:x-bot:luma"), NotFoundError);
  EXPECT_THROW(client.deleteJob(""), ValidationError);
  Client wrong(clientOptions("wrong"));
  EXPECT_THROW(wrong.deleteJob(jobid), UnauthorizedError);
  EXPECT_THROW(wrong.listJobs(), UnauthorizedError);
}

}  // namespace
}  // namespace useapi::luma::testing
