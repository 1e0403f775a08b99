// The API token never appears in an exception text or a log line.

#include <gmock/gmock.h>

#include <functional>

#include "support/mock_api_test.hpp"

namespace useapi::luma::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kSecret = "SECRET-token:do-not-print-42";

class TokenSecrecy : public MockApiTest {
 protected:
  std::chrono::milliseconds jobDuration() const override { return 5s; }
};

TEST_F(TokenSecrecy, NoErrorTextOrLogLineContainsTheToken) {
  std::vector<std::string> log_lines;
  std::mutex log_mutex;
  ClientOptions options = clientOptions(kSecret);  // the mock rejects it: 401
  options.retry.max_attempts = 2;
  options.logger = [&](LogLevel, std::string_view line) {
    std::lock_guard<std::mutex> lock(log_mutex);
    log_lines.emplace_back(line);
  };
  Client rejected(options);
  ClientOptions unreachable_options = options;
  unreachable_options.base_url = "http://127.0.0.1:1/v1/luma";
  Client unreachable(unreachable_options);
  ClientOptions accepted_options = clientOptions();
  accepted_options.logger = options.logger;
  Client accepted(accepted_options);
  const std::string jobid = accepted.generateVideo(videoRequest()).jobid;

  PollOptions short_wait = fastPolling();
  short_wait.timeout = 100ms;
  VideoRequest invalid = videoRequest("");
  const std::vector<std::function<void()>> failures = {
      [&] { rejected.generateVideo(videoRequest()); },
      [&] { rejected.getJob(jobid); },
      [&] { rejected.awaitJob(jobid, fastPolling()); },
      [&] { unreachable.getJob(jobid); },
      [&] { rejected.generateVideo(invalid); },
      [&] { accepted.awaitJob(jobid, short_wait); },
      [&] { rejected.download(server_->baseUrl() + "/jobs/" + jobid, "/nonexistent/dir/x"); },
      [&] { rejected.download(server_->baseUrl() + "/jobs/" + jobid, "/tmp/luma-token-test"); },
  };
  int thrown = 0;
  for (const auto& failure : failures) {
    try {
      failure();
    } catch (const std::exception& error) {
      ++thrown;
      EXPECT_THAT(error.what(), Not(HasSubstr(kSecret)));
      EXPECT_THAT(error.what(), Not(HasSubstr("SECRET")));
    }
  }
  EXPECT_EQ(thrown, static_cast<int>(failures.size()));
  std::lock_guard<std::mutex> lock(log_mutex);
  EXPECT_FALSE(log_lines.empty());
  for (const auto& line : log_lines) EXPECT_THAT(line, Not(HasSubstr("SECRET")));
}

}  // namespace
}  // namespace useapi::luma::testing
