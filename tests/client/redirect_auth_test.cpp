// A download that redirects to another host never carries the API token there.

#include <gmock/gmock.h>
#include <httplib.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <thread>

#include "useapi/luma.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;

const std::string kToken = "redirect-test-token-7f3a";

// A loopback server that records the Authorization header of each request it serves.
class RecordingServer {
 public:
  explicit RecordingServer(std::function<void(const httplib::Request&, httplib::Response&)> reply)
      : reply_(std::move(reply)) {
    server_.set_tcp_nodelay(true);
    server_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        authorizations_.push_back(req.get_header_value("Authorization"));
      }
      reply_(req, res);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    // Bound and listening already: connections queue until the accept loop runs.
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~RecordingServer() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::vector<std::string> authorizations() {
    std::lock_guard<std::mutex> lock(mutex_);
    return authorizations_;
  }

 private:
  std::function<void(const httplib::Request&, httplib::Response&)> reply_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> authorizations_;
};

class RedirectAuth : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dest_ = fs::temp_directory_path() / ("luma-redirect-" + std::to_string(::getpid()) + ".bin");
  }
  void TearDown() override { fs::remove(dest_); }
  fs::path dest_;
};

// The other host is named by the test parameter: another name for the same machine, or the
// same address on another port.
TEST_P(RedirectAuth, TheTokenGoesToTheApiHostButNotToTheHostItRedirectsTo) {
  RecordingServer storage([](const httplib::Request&, httplib::Response& res) {
    res.set_content("media bytes", "application/octet-stream");
  });
  const std::string other_host = GetParam() + ":" + std::to_string(storage.port());
  RecordingServer api([&](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("http://" + other_host + "/stored/file.bin", 302);
  });

  ClientOptions options;
  options.api_token = kToken;
  options.base_url = "http://127.0.0.1:" + std::to_string(api.port()) + "/v1/luma";
  Client client(options);
  const auto bytes =
      client.download("http://127.0.0.1:" + std::to_string(api.port()) + "/media/file.bin", dest_);

  EXPECT_EQ(bytes, std::string("media bytes").size());
  ASSERT_EQ(api.authorizations().size(), 1u);
  EXPECT_EQ(api.authorizations().front(), "Bearer " + kToken)
      << "the API's own media should be fetched with the token";
  ASSERT_EQ(storage.authorizations().size(), 1u);
  EXPECT_EQ(storage.authorizations().front(), "")
      << "the token was sent to " << other_host << " after a redirect";
}

INSTANTIATE_TEST_SUITE_P(OtherHosts, RedirectAuth, ::testing::Values("localhost", "127.0.0.1"));

}  // namespace
}  // namespace useapi::luma::testing
