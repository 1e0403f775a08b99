// A user's test written against useapi::luma_mocks: a Client over testing::MockConnection
// creates a video and waits for it with no network, no token and no base URL. The consumer
// tests build it through find_package and add_subdirectory, then run it; it links
// useapi::luma_mocks alone, which brings gMock.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <useapi/luma.hpp>
#include <useapi/luma/testing/mock_connection.hpp>

namespace luma = useapi::luma;
using namespace useapi::luma;
using ::testing::_;
using ::testing::Field;
using ::testing::Return;

namespace {

Job record(const std::string& jobid, JobStatus status, const std::string& status_text) {
  Job job;
  job.jobid = jobid;
  job.type = JobType::Video;
  job.status = status;
  job.status_text = status_text;
  job.created = "2026-03-26T14:05:30.123Z";
  return job;
}

TEST(MockConnectionConsumer, AClientOverTheMockAwaitsACompletedVideoWithoutAnyNetwork) {
  // No token and no reachable API: a Client that tried the network would fail.
  setenv("USEAPI_TOKEN", "", 1);
  setenv("USEAPI_LUMA_BASE_URL", "http://127.0.0.1:9/v1/luma", 1);

  auto mock = std::make_shared<luma::testing::MockConnection>();
  const std::string id = "j0326140530123456789v-u12345-email:fox@example.com:uuid-bot:luma";
  Job completed = record(id, JobStatus::Completed, "completed");
  completed.video = Media{"https://example.com/fox.mp4", 1920, 1080, 5.0};
  EXPECT_CALL(*mock, generateVideo(Field(&VideoRequest::prompt, "a red fox in the snow")))
      .WillOnce(Return(record(id, JobStatus::Created, "created")));
  EXPECT_CALL(*mock, getJob(id))
      .WillOnce(Return(record(id, JobStatus::Processing, "processing")))
      .WillOnce(Return(completed));

  Client client(mock);
  VideoRequest request;
  request.prompt = "a red fox in the snow";
  const Job created = client.generateVideo(request);
  PollOptions polling;
  polling.initial_interval = std::chrono::milliseconds(1);
  polling.max_interval = std::chrono::milliseconds(1);
  polling.timeout = std::chrono::seconds(10);
  const Job done = client.awaitJob(created.jobid, polling);

  EXPECT_EQ(done.jobid, id);
  EXPECT_EQ(done.status, JobStatus::Completed);
  ASSERT_TRUE(done.video.has_value());
  EXPECT_EQ(done.video->url, "https://example.com/fox.mp4");
}

TEST(MockConnectionConsumer, AnInvalidRequestNeverReachesTheMock) {
  auto mock = std::make_shared<luma::testing::MockConnection>();
  EXPECT_CALL(*mock, generateVideo(_)).Times(0);
  Client client(mock);
  EXPECT_THROW(client.generateVideo(VideoRequest{}), ValidationError);
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleMock(&argc, argv);
  return RUN_ALL_TESTS();
}
