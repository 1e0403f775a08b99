// Testing an application's own code against testing::MockServer (target useapi::luma_testing):
// luma-mock in-process on a loopback port, so the Client's real HTTP, retries and waits run,
// offline and in about a second. Link useapi::luma_testing and GTest::gtest_main.
#include <gtest/gtest.h>

#include <string>
#include <useapi/luma.hpp>
#include <useapi/luma/testing/mock_server.hpp>
#include <vector>

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

TEST(MakeClip, MakesAVideoAgainstTheMockServer) {
  luma::testing::MockServer server;             // on 127.0.0.1, jobs take 0.5 s
  luma::Client client(server.clientOptions());  // its base URL and token
  const std::string url = makeClip(client, "a red fox", server.pollOptions());
  EXPECT_NE(url.find("127.0.0.1"), std::string::npos);
  EXPECT_EQ(server.jobsCreated(), 1u);
}

TEST(MakeClip, RetriesWhenTheApiIsBusy) {
  luma::testing::MockServer server;
  luma::testing::MockFault busy;
  busy.route = "POST /videos";
  busy.status = 429;  // the next POST /videos is told to come back later
  server.queueFault(busy);
  luma::Client client(server.clientOptions());
  makeClip(client, "a red fox", server.pollOptions());
  EXPECT_EQ(server.firedFaults(), std::vector<std::string>{"POST /videos"});
}

TEST(MakeClip, ReportsAJobThatFails) {
  luma::testing::MockServer server;
  luma::Client client(server.clientOptions());
  EXPECT_THROW(makeClip(client, "a red fox [mock:fail]", server.pollOptions()),
               luma::JobFailedError);
}
