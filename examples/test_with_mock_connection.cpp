// Testing an application's own code with testing::MockConnection (target useapi::luma_mocks):
// the Client calls the mock instead of the API, so the test needs no network and no token, and
// spends no credit. Link useapi::luma_mocks and GTest::gtest_main.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <useapi/luma.hpp>
#include <useapi/luma/testing/mock_connection.hpp>

namespace luma = useapi::luma;

// The application's code under test: makes a clip, waits for it, returns its video's URL.
std::string makeClip(luma::Client& client, const std::string& prompt,
                     const luma::PollOptions& polling = {}) {
  luma::VideoRequest request;
  request.prompt = prompt;
  request.model = luma::VideoModel::RayV3Flash;
  const luma::Job job = client.generateVideo(request);
  return client.awaitJob(job.jobid, polling).video.value().url;
}

// A job record as the API would send it.
luma::Job videoJob(const std::string& jobid, luma::JobStatus status) {
  luma::Job job;
  job.jobid = jobid;
  job.type = luma::JobType::Video;
  job.status = status;
  job.status_text = std::string(luma::toString(status));
  return job;
}

using ::testing::Field;
using ::testing::Return;

TEST(MakeClip, ReturnsTheUrlOfTheCompletedVideo) {
  auto mock = std::make_shared<luma::testing::MockConnection>();
  luma::Job completed = videoJob("j1", luma::JobStatus::Completed);
  completed.video = luma::Media();
  completed.video->url = "https://example.com/fox.mp4";
  EXPECT_CALL(*mock, generateVideo(Field(&luma::VideoRequest::prompt, "a red fox")))
      .WillOnce(Return(videoJob("j1", luma::JobStatus::Created)));
  EXPECT_CALL(*mock, getJob("j1"))  // the Client's wait polls getJob
      .WillOnce(Return(videoJob("j1", luma::JobStatus::Processing)))
      .WillOnce(Return(completed));

  luma::Client client(mock);
  luma::PollOptions polling;
  polling.initial_interval = std::chrono::milliseconds(1);
  EXPECT_EQ(makeClip(client, "a red fox", polling), "https://example.com/fox.mp4");
}

TEST(MakeClip, ReportsAFailedJob) {
  auto mock = std::make_shared<luma::testing::MockConnection>();
  luma::Job failed = videoJob("j2", luma::JobStatus::Failed);
  failed.error = "Generation failed";
  EXPECT_CALL(*mock, generateVideo).WillOnce(Return(videoJob("j2", luma::JobStatus::Created)));
  EXPECT_CALL(*mock, getJob("j2")).WillOnce(Return(failed));

  luma::Client client(mock);
  EXPECT_THROW(makeClip(client, "a red fox"), luma::JobFailedError);
}
