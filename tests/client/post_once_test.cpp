// A job-creating POST goes out at most once, whatever happens to the connection or the answer.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gmock/gmock.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "support/mock_api_test.hpp"

namespace useapi::luma::testing {
namespace {

using ::testing::HasSubstr;

// An HTTP server that answers GETs on kept-alive connections, but reads each POST whole, counts
// it ("the job is created") and closes the connection without answering.
class AnswerDroppingServer {
 public:
  AnswerDroppingServer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_, 16) != 0) {
      throw std::runtime_error("cannot listen on the loopback interface");
    }
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { acceptLoop(); });
  }

  ~AnswerDroppingServer() {
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    acceptor_.join();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (const int fd : open_) ::shutdown(fd, SHUT_RDWR);
    }
    for (auto& thread : connections_) thread.join();
  }

  std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1/luma"; }
  int postsReceived() const { return posts_.load(); }

 private:
  void acceptLoop() {
    while (true) {
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) return;
      std::lock_guard<std::mutex> lock(mutex_);
      open_.push_back(fd);
      connections_.emplace_back([this, fd] { serve(fd); });
    }
  }

  void serve(int fd) {
    std::string buffer;
    char chunk[4096];
    while (true) {
      const auto header_end = buffer.find("\r\n\r\n");
      if (header_end == std::string::npos) {
        const auto got = ::read(fd, chunk, sizeof chunk);
        if (got <= 0) break;
        buffer.append(chunk, static_cast<std::size_t>(got));
        continue;
      }
      std::size_t body_length = 0;
      const auto length_at = buffer.find("Content-Length: ");
      if (length_at != std::string::npos && length_at < header_end) {
        body_length = std::stoul(buffer.substr(length_at + 16));
      }
      while (buffer.size() < header_end + 4 + body_length) {
        const auto got = ::read(fd, chunk, sizeof chunk);
        if (got <= 0) break;
        buffer.append(chunk, static_cast<std::size_t>(got));
      }
      const bool post = buffer.rfind("POST ", 0) == 0;
      buffer.erase(0, header_end + 4 + body_length);
      if (post) {
        ++posts_;
        break;  // acted, then the answer is lost
      }
      const std::string body = R"({"jobid":"j1v-u1-email:a-bot:luma","status":"processing"})";
      const std::string answer =
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
          "Content-Length: " +
          std::to_string(body.size()) + "\r\n\r\n" + body;
      if (::write(fd, answer.data(), answer.size()) < 0) break;
    }
    ::shutdown(fd, SHUT_RDWR);
  }

  int listener_ = -1;
  int port_ = 0;
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<int> open_;
  std::vector<std::thread> connections_;
  std::atomic<int> posts_{0};
};

TEST(PostOnce, LostAnswerOnAReusedConnectionDoesNotResendThePost) {
  AnswerDroppingServer server;
  ClientOptions options;
  options.api_token = "t";
  options.base_url = server.baseUrl();
  options.retry.initial_backoff = std::chrono::milliseconds(1);
  Client client(options);
  client.getJob("j1v-u1-email:a-bot:luma");  // leaves a kept-alive connection to reuse

  VideoRequest request;
  request.prompt = "a fox";
  try {
    client.generateVideo(request);
    FAIL() << "expected TransportError";
  } catch (const TransportError& error) {
    EXPECT_THAT(error.what(), HasSubstr("may have reached the server"));
  }
  EXPECT_EQ(server.postsReceived(), 1);
}

class SlowAnswers : public MockApiTest {};

TEST_F(SlowAnswers, PostTimingOutAfterTheJobWasCreatedIsNotResent) {
  ClientOptions options = clientOptions();
  options.request_timeout = std::chrono::milliseconds(300);
  Client client(options);
  mock::Fault slow = fault("POST /videos", 0, "");
  slow.after_acting = true;
  slow.stall_ms = 1000;
  server_->queueFault(slow);

  try {
    client.generateVideo(videoRequest());
    FAIL() << "expected TransportError";
  } catch (const TransportError& error) {
    EXPECT_THAT(error.what(), HasSubstr("timed out"));
    EXPECT_THAT(error.what(), HasSubstr("may have reached the server"));
  }
  EXPECT_EQ(received("POST", "/videos").size(), 1u);
  EXPECT_EQ(server_->jobsCreated(), 1u) << "one job exists, as the error says it may";
}

}  // namespace
}  // namespace useapi::luma::testing
