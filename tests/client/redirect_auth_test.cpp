// A download that redirects to another host never carries the API token there.

#include <gmock/gmock.h>
#include <httplib.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "support/loopback_listener.hpp"
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
    server_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        authorizations_.push_back(req.get_header_value("Authorization"));
      }
      reply_(req, res);
    });
    listener_ = std::make_unique<LoopbackListener>(server_);
  }
  int port() const { return listener_->port(); }
  std::vector<std::string> authorizations() {
    std::lock_guard<std::mutex> lock(mutex_);
    return authorizations_;
  }

 private:
  std::function<void(const httplib::Request&, httplib::Response&)> reply_;
  httplib::Server server_;
  std::mutex mutex_;
  std::vector<std::string> authorizations_;
  std::unique_ptr<LoopbackListener> listener_;  // last: stopped before what it serves goes
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
