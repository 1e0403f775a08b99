// testing::MockServer, the luma-mock users start in their own tests: listening when built,
// stopped when destroyed, its options and fault scripting honoured, all through the public API.

#include "useapi/luma/testing/mock_server.hpp"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "useapi/luma.hpp"

namespace useapi::luma {
namespace {

using namespace std::chrono_literals;
using testing::MockFault;
using testing::MockServer;
using testing::MockServerOptions;

// Whether a TCP connection to 127.0.0.1:port is accepted.
bool accepts(int port) {
  const int sock = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool connected =
      connect(sock, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  close(sock);
  return connected;
}

VideoRequest fox() {
  VideoRequest request;
  request.prompt = "a red fox in the snow";
  return request;
}

TEST(MockServer, ListensOnALoopbackPortWhenTheConstructorReturns) {
  MockServer server;
  EXPECT_TRUE(accepts(server.port()));
  EXPECT_EQ(server.baseUrl(), "http://127.0.0.1:" + std::to_string(server.port()) + "/v1/luma");
  EXPECT_EQ(server.token(), "mock-token");
}

TEST(MockServer, StopsListeningWhenDestroyed) {
  auto server = std::make_unique<MockServer>();
  const int port = server->port();
  server.reset();
  EXPECT_FALSE(accepts(port));
}

TEST(MockServer, TwoServersListenOnTwoPorts) {
  MockServer first;
  MockServer second;
  EXPECT_NE(first.port(), second.port());
}

TEST(MockServer, AClientOfItsOptionsGeneratesAndAwaitsAVideo) {
  MockServer server;
  Client client(server.clientOptions());
  const auto start = std::chrono::steady_clock::now();
  const Job created = client.generateVideo(fox());
  const Job done = client.awaitJob(created.jobid, server.pollOptions());
  EXPECT_EQ(done.status, JobStatus::Completed);
  ASSERT_TRUE(done.video.has_value());
  EXPECT_EQ(done.video->url.rfind("http://127.0.0.1:" + std::to_string(server.port()), 0), 0u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_EQ(server.jobsCreated(), 1u);
}

TEST(MockServer, JobsTakeJobSeconds) {
  struct Case {
    double job_seconds;
    std::chrono::milliseconds at_least, below;
  };
  for (const Case& c : {Case{0.0, 0ms, 400ms}, Case{0.6, 550ms, 1500ms}}) {
    SCOPED_TRACE(c.job_seconds);
    MockServerOptions options;
    options.job_seconds = c.job_seconds;
    MockServer server(options);
    Client client(server.clientOptions());
    const auto start = std::chrono::steady_clock::now();
    const Job created = client.generateVideo(fox());
    client.awaitJob(created.jobid, server.pollOptions());
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_GE(took, c.at_least);
    EXPECT_LT(took, c.below);
  }
}

TEST(MockServer, AcceptsItsTokenOnly) {
  MockServerOptions options;
  options.token = "my-own-token";
  MockServer server(options);
  EXPECT_EQ(server.token(), "my-own-token");
  ClientOptions client_options = server.clientOptions();
  EXPECT_EQ(client_options.api_token, "my-own-token");
  EXPECT_NO_THROW(Client(client_options).listJobs());
  client_options.api_token = "mock-token";
  EXPECT_THROW(Client(client_options).listJobs(), UnauthorizedError);
}

TEST(MockServer, RefusesJobsPastItsConcurrency) {
  MockServerOptions options;
  options.concurrency = 1;
  options.job_seconds = 60;
  MockServer server(options);
  ClientOptions client_options = server.clientOptions();
  client_options.retry.max_attempts = 1;
  Client client(client_options);
  client.generateVideo(fox());
  EXPECT_THROW(client.generateVideo(fox()), CapacityError);
  EXPECT_EQ(server.jobsCreated(), 1u);
}

TEST(MockServer, RefusesOptionsItCannotHonour) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const auto& [job_seconds, concurrency, token] :
       std::vector<std::tuple<double, int, std::string>>{
           {-1.0, 4, "t"}, {nan, 4, "t"}, {1e9, 4, "t"}, {0.5, 0, "t"}, {0.5, 4, ""}}) {
    SCOPED_TRACE(std::to_string(job_seconds) + " " + std::to_string(concurrency) + " " + token);
    MockServerOptions options;
    options.job_seconds = job_seconds;
    options.concurrency = concurrency;
    options.token = token;
    EXPECT_THROW(MockServer{options}, std::invalid_argument);
  }
}

TEST(MockServer, AQueuedFaultAnswersItsRouteThenIsFired) {
  MockServer server;
  MockFault fault;
  fault.route = "POST /videos";
  fault.status = 503;
  fault.body = R"({"error":"Service busy"})";
  fault.times = 2;
  server.queueFault(fault);
  ASSERT_EQ(server.pendingFaults().size(), 1u);
  EXPECT_EQ(server.pendingFaults()[0].route, "POST /videos");
  EXPECT_EQ(server.pendingFaults()[0].times, 2);
  EXPECT_EQ(server.pendingFaults()[0].body, R"({"error":"Service busy"})");

  Client client(server.clientOptions());
  try {
    client.generateVideo(fox());
    ADD_FAILURE() << "the fault's 503 did not reach the client";
  } catch (const ServerError& error) {
    EXPECT_EQ(error.status(), 503);
    EXPECT_EQ(error.message(), "Service busy");
  }
  EXPECT_EQ(server.firedFaults(), std::vector<std::string>{"POST /videos"});
  EXPECT_EQ(server.pendingFaults()[0].times, 1);

  server.clearFaults();
  EXPECT_TRUE(server.pendingFaults().empty());
  EXPECT_TRUE(server.firedFaults().empty());
  EXPECT_EQ(client.generateVideo(fox()).status, JobStatus::Created);
}

TEST(MockServer, AFaultAfterActingLosesTheAnswerOfACreatedJob) {
  MockServer server;
  MockFault lost;
  lost.route = "POST /videos";
  lost.after_acting = true;
  lost.reset = true;
  server.queueFault(lost);
  ClientOptions options = server.clientOptions();
  Client client(options);
  EXPECT_THROW(client.generateVideo(fox()), TransportError);
  EXPECT_EQ(server.jobsCreated(), 1u);
}

TEST(MockServer, RefusesAFaultItCannotSend) {
  MockServer server;
  MockFault fault;
  fault.route = "GET /jobs";
  fault.drip_bytes_per_second = 0;
  EXPECT_THROW(server.queueFault(fault), std::invalid_argument);
  fault.drip_bytes_per_second.reset();
  fault.content_type.clear();
  EXPECT_THROW(server.queueFault(fault), std::invalid_argument);
}

TEST(MockServer, RecordsTheRequestsItReceived) {
  MockServer server;
  Client client(server.clientOptions());
  client.generateVideo(fox());
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path, "/v1/luma/videos");
  EXPECT_THAT(requests[0].body, ::testing::HasSubstr("a red fox in the snow"));
  const auto authorization = requests[0].headers.find("Authorization");
  ASSERT_NE(authorization, requests[0].headers.end());
  EXPECT_EQ(authorization->second, "Bearer mock-token");
  EXPECT_NE(requests[0].remote_port, 0);
}

TEST(MockServer, CallsBackOnSubmissionAsItsOptionsSay) {
  for (const bool on_submission : {true, false}) {
    SCOPED_TRACE(on_submission);
    MockServerOptions options;
    options.job_seconds = 0.1;
    options.webhook_on_submission = on_submission;
    MockServer server(options);
    Client client(server.clientOptions());
    VideoRequest request = fox();
    request.reply_url = "http://127.0.0.1:9/hook";  // nothing listens: each try is recorded
    const Job created = client.generateVideo(request);
    client.awaitJob(created.jobid, server.pollOptions());
    const std::size_t expected = on_submission ? 2 : 1;
    const auto give_up = std::chrono::steady_clock::now() + 5s;
    while (server.webhookDeliveries().size() < expected &&
           std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(10ms);
    }
    const auto deliveries = server.webhookDeliveries();
    ASSERT_EQ(deliveries.size(), expected);
    EXPECT_EQ(deliveries.back().url, "http://127.0.0.1:9/hook");
    EXPECT_THAT(deliveries.back().body, ::testing::HasSubstr("completed"));
    EXPECT_EQ(deliveries.back().status, 0);
    EXPECT_FALSE(deliveries.back().error.empty());
  }
}

}  // namespace
}  // namespace useapi::luma
