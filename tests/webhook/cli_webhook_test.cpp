// The CLI's --webhook-listen HOST:PORT and --webhook-url URL on image, video and batch: the built
// binary run against the in-process luma-mock, its waits ended by the callbacks it receives.

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include "cli/cli_test_fixture.hpp"

namespace useapi::luma::testing {
namespace {

using std::chrono::steady_clock;

class CliWebhooks : public CliTest {
 protected:
  // Long enough that the CLI's 50 ms polling would be what ended the wait, had it polled.
  std::chrono::milliseconds jobDuration() const override { return std::chrono::milliseconds(800); }

  std::size_t jobPolls() const {
    std::size_t polls = 0;
    for (const auto& request : server_->requests()) {
      if (request.method == "GET" && request.path.rfind("/v1/luma/jobs/", 0) == 0) ++polls;
    }
    return polls;
  }

  // The replyUrls the mock received, in order.
  std::vector<std::string> replyUrls() const {
    std::vector<std::string> urls;
    for (const auto& request : server_->requests()) {
      const auto at = request.body.find("\"replyUrl\":\"");
      if (request.method != "POST" || at == std::string::npos) continue;
      const auto start = at + 12;
      urls.push_back(request.body.substr(start, request.body.find('"', start) - start));
    }
    return urls;
  }

  // Every final callback the mock sent was answered 200.
  void expectCallbacksAccepted() const {
    const auto deliveries = server_->webhookDeliveries();
    ASSERT_FALSE(deliveries.empty());
    for (const auto& delivery : deliveries) EXPECT_EQ(delivery.status, 200) << delivery.body;
  }
};

TEST_F(CliWebhooks, VideoWaitIsEndedByTheCallbackWithoutPollingAlong) {
  const auto started = steady_clock::now();
  const CliResult result =
      run({"video", "a fox", "--out", folder_.string(), "--webhook-listen", "127.0.0.1:0"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_LT(steady_clock::now() - started, std::chrono::seconds(5));
  ASSERT_EQ(replyUrls().size(), 1U);
  EXPECT_EQ(replyUrls()[0].rfind("http://127.0.0.1:", 0), 0U) << replyUrls()[0];
  expectCallbacksAccepted();
  EXPECT_LE(jobPolls(), 2U) << "polled every 50 ms instead of waiting for the callback";
}

TEST_F(CliWebhooks, ImageWaitIsEndedByTheBatchCallback) {
  const CliResult result =
      run({"image", "four foxes", "--out", folder_.string(), "--webhook-listen", "127.0.0.1:0"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  expectCallbacksAccepted();
  EXPECT_LE(jobPolls(), 2U * 4U);
}

TEST_F(CliWebhooks, BatchWaitsAreEndedByTheCallbacks) {
  const auto input = folder_ / "batch.jsonl";
  std::ofstream(input) << R"({"type":"video","prompt":"waves"})" << '\n'
                       << R"({"type":"video","prompt":"dunes"})" << '\n';
  const CliResult result = run({"batch", input.string(), "--out", (folder_ / "out").string(),
                                "--webhook-listen", "127.0.0.1:0"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(replyUrls().size(), 2U);
  expectCallbacksAccepted();
  EXPECT_LE(jobPolls(), 2U * 2U);
}

TEST_F(CliWebhooks, WebhookUrlIsWhatTheApiIsToldWithASecretPerJob) {
  const CliResult result = run({"video", "a fox", "--no-wait", "--webhook-listen", "127.0.0.1:0",
                                "--webhook-url", "https://tunnel.example/luma"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(replyUrls().size(), 1U);
  const std::string url = replyUrls()[0];
  ASSERT_EQ(url.rfind("https://tunnel.example/luma/", 0), 0U) << url;
  EXPECT_GE(url.size() - std::string("https://tunnel.example/luma/").size(), 32U)
      << "the secret is too short to be unguessable";
}

TEST_F(CliWebhooks, BadFlagsAreUsageErrorsBeforeAnythingIsSent) {
  const std::vector<std::vector<std::string>> cases = {
      {"video", "a fox", "--webhook-url", "https://x.example/hooks"},  // needs --webhook-listen
      {"video", "a fox", "--webhook-listen", "nonsense"},
      {"video", "a fox", "--webhook-listen", "127.0.0.1:99999"},
  };
  for (const auto& args : cases) {
    const CliResult result = run(args);
    EXPECT_NE(result.exit_code, 0) << args.back();
    EXPECT_NE(result.err.find("--webhook-"), std::string::npos) << result.err;
  }
  EXPECT_EQ(server_->jobsCreated(), 0U);
}

}  // namespace
}  // namespace useapi::luma::testing
