// Connections, retries and their limits, seen from the server.

#include <gmock/gmock.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support/mock_api_test.hpp"

namespace useapi::luma::testing {
namespace {

using Clock = std::chrono::steady_clock;

class Transport : public MockApiTest {};

TEST_F(Transport, SequentialCallsReuseOneConnection) {
  Client client(clientOptions());
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  for (int i = 0; i < 10; ++i) client.getJob(jobid);

  std::set<int> ports;
  for (const auto& request : received("GET", "/jobs/")) ports.insert(request.remote_port);
  EXPECT_EQ(ports.size(), 1u) << "each GET opened a new connection";
}

TEST_F(Transport, JobCreatingPostsNeverRideAReusedConnection) {
  Client client(clientOptions());
  for (int i = 0; i < 3; ++i) client.generateVideo(videoRequest());
  std::set<int> ports;
  for (const auto& request : received("POST", "/videos")) ports.insert(request.remote_port);
  EXPECT_EQ(ports.size(), 3u);
}

// The thread that ran each exchange, as seen by the logger (called where the exchange ends).
class ExchangeThreads {
 public:
  void install(ClientOptions& options) {
    options.logger = [this](LogLevel, std::string_view line) {
      const std::lock_guard<std::mutex> lock(mutex_);
      threads_.emplace_back(std::string(line), std::this_thread::get_id());
    };
  }
  // The threads that logged a line starting with `endpoint`.
  std::set<std::thread::id> of(const std::string& endpoint) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    std::set<std::thread::id> found;
    for (const auto& [line, thread] : threads_) {
      if (line.rfind(endpoint, 0) == 0) found.insert(thread);
    }
    return found;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, std::thread::id>> threads_;
};

TEST_F(Transport, OneShotCallsRunOnTheCallingThread) {
  ExchangeThreads threads;
  ClientOptions options = clientOptions();
  threads.install(options);
  Client client(options);
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  client.getJob(jobid);
  const std::set<std::thread::id> caller{std::this_thread::get_id()};
  EXPECT_EQ(threads.of("POST /videos"), caller);
  EXPECT_EQ(threads.of("GET /jobs/"), caller);
}

// One caller handle serves POST, GET, DELETE and GET in turn: each request goes out with its own
// method and body only, whatever the handle served before (no option of one leaks into the next).
TEST_F(Transport, ACallerHandleCarriesNothingFromOneKindOfRequestToTheNext) {
  ClientOptions options = clientOptions();
  options.max_connections = 1;  // one caller handle for every call below
  Client client(options);
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  client.awaitJob(jobid, fastPolling());
  client.getJob(jobid);
  client.deleteJob(jobid);
  EXPECT_THROW(client.getJob(jobid), NotFoundError);
  const std::string second = client.generateVideo(videoRequest()).jobid;
  client.getJob(second);

  std::vector<std::string> methods;
  for (const auto& request : server_->requests()) {
    if (request.method != "GET" || methods.empty() || methods.back() != "GET") {
      methods.push_back(request.method);
    }
    if (request.method == "GET") {
      EXPECT_TRUE(request.body.empty());
    }
  }
  EXPECT_THAT(methods, ::testing::ElementsAre("POST", "GET", "DELETE", "GET", "POST", "GET"));
  const auto posts = received("POST", "/videos");
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_NE(posts[0].remote_port, posts[1].remote_port)
      << "a job-creating POST reused a connection";
}

TEST_F(Transport, WithARateBudgetOneShotCallsGoThroughTheIoThread) {
  ExchangeThreads threads;
  ClientOptions options = clientOptions();
  options.max_requests_per_second = 100;
  threads.install(options);
  Client client(options);
  client.getJob(client.generateVideo(videoRequest()).jobid);
  const std::set<std::thread::id> on_io_thread = threads.of("GET /jobs/");
  ASSERT_EQ(on_io_thread.size(), 1u);
  EXPECT_NE(*on_io_thread.begin(), std::this_thread::get_id());
  EXPECT_EQ(threads.of("POST /videos"), on_io_thread);
}

TEST_F(Transport, CallsFromMoreThreadsThanConnectionsAllSucceed) {
  ClientOptions options = clientOptions();
  options.max_connections = 2;  // two caller-thread handles; the other calls use the I/O thread
  Client client(options);
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  std::atomic<int> answered{0};
  std::vector<std::thread> callers;
  callers.reserve(6);
  for (int t = 0; t < 6; ++t) {
    callers.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        if (client.getJob(jobid).jobid == jobid) ++answered;
      }
    });
  }
  for (auto& caller : callers) caller.join();
  EXPECT_EQ(answered.load(), 120);
  std::set<int> ports;
  for (const auto& request : received("GET", "/jobs/")) ports.insert(request.remote_port);
  EXPECT_LE(ports.size(), 4u) << "two connections for callers' threads, two for the I/O thread";
}

TEST_F(Transport, GetIsRetriedOnServerErrors) {
  Client client(clientOptions());
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  server_->queueFault(fault("GET /jobs/", 503, R"({"error":"busy"})", 2));
  EXPECT_EQ(client.getJob(jobid).jobid, jobid);
  EXPECT_EQ(received("GET", "/jobs/").size(), 3u);
}

TEST_F(Transport, GetGivesUpAfterMaxAttempts) {
  ClientOptions options = clientOptions();
  options.retry.max_attempts = 2;
  Client client(options);
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  server_->queueFault(fault("GET /jobs/", 500, R"({"error":"down"})", 5));
  EXPECT_THROW(client.getJob(jobid), ServerError);
  EXPECT_EQ(received("GET", "/jobs/").size(), 2u);
}

TEST_F(Transport, PostThatMayHaveCreatedAJobIsNeverResent) {
  Client client(clientOptions());
  for (const int status : {500, 502, 503, 504}) {
    server_->queueFault(fault("POST /videos", status, R"({"error":"maybe created"})"));
    EXPECT_THROW(client.generateVideo(videoRequest()), ServerError);
  }
  EXPECT_EQ(received("POST", "/videos").size(), 4u);
}

TEST_F(Transport, PostIsRetriedOn429AndCreatesExactlyOneJob) {
  Client client(clientOptions());
  server_->queueFault(fault("POST /videos", 429, R"({"error":"full","code":429})", 2));
  const Job job = client.generateVideo(videoRequest());
  EXPECT_FALSE(job.jobid.empty());
  EXPECT_EQ(received("POST", "/videos").size(), 3u);
  EXPECT_EQ(server_->jobsCreated(), 1u);
}

TEST_F(Transport, NonRetryableStatusesAreNotRetried) {
  Client client(clientOptions());
  for (const int status : {400, 401, 402, 403, 404, 422, 596}) {
    server_->queueFault(fault("POST /videos", status, R"({"error":"no"})"));
    EXPECT_THROW(client.generateVideo(videoRequest()), ApiError);
  }
  EXPECT_EQ(received("POST", "/videos").size(), 7u);
}

TEST(TransportFailures, UnreachableServerIsATransportErrorAfterRetries) {
  ClientOptions options;
  options.api_token = "t";
  options.base_url = "http://127.0.0.1:1/v1/luma";  // nothing listens on port 1
  options.retry.initial_backoff = 1ms;
  options.retry.max_backoff = 5ms;
  Client client(options);
  try {
    client.getJob("j1v-u1-email:a-bot:luma");
    FAIL() << "expected TransportError";
  } catch (const TransportError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("could not connect"));
    EXPECT_THAT(error.what(), ::testing::HasSubstr("GET /jobs/j1v-u1-email:a-bot:luma"));
  }
}

// A loopback socket that completes TCP handshakes (through its backlog) but never answers.
class SilentServer {
 public:
  SilentServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(fd_, 16) != 0) {
      throw std::runtime_error("cannot listen on the loopback interface");
    }
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~SilentServer() { ::close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(TransportFailures, RequestTimeoutCutsASilentServer) {
  SilentServer silent;
  ClientOptions options;
  options.api_token = "t";
  options.base_url = "http://127.0.0.1:" + std::to_string(silent.port()) + "/v1/luma";
  options.request_timeout = 300ms;
  options.retry.max_attempts = 1;
  Client client(options);
  const auto started = Clock::now();
  try {
    client.getJob("j1v-u1-email:a-bot:luma");
    FAIL() << "expected TransportError";
  } catch (const TransportError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("timed out"));
  }
  const auto elapsed = Clock::now() - started;
  EXPECT_GE(elapsed, 290ms) << "libcurl's millisecond timer may fire a hair early";
  EXPECT_LT(elapsed, 1500ms);
}

}  // namespace
}  // namespace useapi::luma::testing
