// The CLI's exit codes: usage and validation (2), API errors (4), network errors (5),
// timeouts (6), Ctrl-C (130).

#include <chrono>
#include <thread>

#include "cli/cli_test_fixture.hpp"

namespace useapi::luma::testing {
namespace {

using Clock = std::chrono::steady_clock;

TEST_F(CliTest, UnknownEnumValueIsAUsageErrorListingTheValidOnes) {
  const CliResult result = run({"video", "a red fox", "--resolution", "9000p"});
  EXPECT_EQ(result.exit_code, 2);
  for (const char* valid : {"draft", "540p", "720p", "1080p"}) {
    EXPECT_NE(result.err.find(valid), std::string::npos) << result.err;
  }
  EXPECT_TRUE(server_->requests().empty());
}

TEST_F(CliTest, ValidationErrorExitsTwoAndSendsNothing) {
  const CliResult result =
      run({"video", "a red fox", "--model", "ray-v3-reasoning", "--resolution", "draft"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("draft"), std::string::npos) << result.err;
  EXPECT_TRUE(server_->requests().empty());
}

TEST_F(CliTest, WrongTokenExitsFour) {
  const CliResult result =
      run({"image", "a red fox", "--out", folder_.string()}, environment("not-the-token"));
  EXPECT_EQ(result.exit_code, 4) << result.err;
  EXPECT_NE(result.err.find("401"), std::string::npos) << result.err;
}

TEST_F(CliTest, UnreachableBaseUrlExitsFive) {
  const CliResult result = run({"--base-url", "http://127.0.0.1:1/v1/luma", "jobs"});
  EXPECT_EQ(result.exit_code, 5) << result.err;
}

TEST_F(SlowJobCliTest, TimeoutExitsSix) {
  const auto started = Clock::now();
  const CliResult result = run({"video", "a red fox", "--timeout", "1", "--out", folder_.string()});
  EXPECT_EQ(result.exit_code, 6) << result.out << result.err;
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(5));
}

TEST_F(SlowJobCliTest, SigintDuringAWaitExitsOneThirtyPromptly) {
  const auto process = start({"video", "a red fox", "--out", folder_.string()}, environment());
  // The first poll's answer is on the status line: the wait is under way.
  ASSERT_TRUE(process->waitForOutput("  created", std::chrono::seconds(5)));
  const auto interrupted = Clock::now();
  process->signal(SIGINT);
  const CliResult result = process->finish();
  EXPECT_EQ(result.exit_code, 130) << result.out << result.err;
  EXPECT_LT(Clock::now() - interrupted, std::chrono::seconds(2));
  EXPECT_TRUE(filesWith(folder_, ".mp4").empty());
}

// Ctrl-C during a download: the transfer stops, its temporary file goes, the exit is 130. The
// media drips at 1 MB/s (8 MB each), so a download left running would take 8 s per file.
TEST_F(CliTest, SigintDuringADownloadStopsItAndLeavesNoFileBehind) {
  mock::Fault slow;
  slow.route = "GET /media/";
  slow.status = 200;
  slow.body = std::string(8 << 20, 'v');
  slow.content_type = "video/mp4";
  slow.drip_bytes_per_second = 1 << 20;
  slow.times = 3;
  server_->queueFault(slow);
  const auto process = start({"video", "a red fox", "--out", folder_.string()}, environment());
  ASSERT_TRUE(process->waitForOutput("downloading video", std::chrono::seconds(10)));
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // bytes are on disk by now
  const auto interrupted = Clock::now();
  process->signal(SIGINT);
  const CliResult result = process->finish();
  EXPECT_EQ(result.exit_code, 130) << result.out << result.err;
  EXPECT_LT(Clock::now() - interrupted, std::chrono::seconds(2));
  EXPECT_TRUE(entriesOf(folder_).empty()) << "left behind: " << entriesOf(folder_).front();
}

// The same while no byte arrives: only the CancelToken given to the transfer
// (downloadMedia(job, folder, const DownloadOptions&)) can stop it. The signal comes right after
// "downloading video", so it also races with the download's start: a cancel that lands before
// the transfer subscribes to the token must still stop it.
TEST_F(CliTest, SigintDuringAStalledDownloadStopsIt) {
  mock::Fault stalled;
  stalled.route = "GET /media/";
  stalled.status = 0;
  stalled.stall_ms = 20000;
  stalled.times = 3;
  server_->queueFault(stalled);
  const auto process = start({"video", "a red fox", "--out", folder_.string()}, environment());
  ASSERT_TRUE(process->waitForOutput("downloading video", std::chrono::seconds(10)));
  const auto interrupted = Clock::now();
  process->signal(SIGINT);
  const CliResult result = process->finish();
  EXPECT_EQ(result.exit_code, 130) << result.out << result.err;
  EXPECT_LT(Clock::now() - interrupted, std::chrono::seconds(2));
  EXPECT_TRUE(entriesOf(folder_).empty());
}

}  // namespace
}  // namespace useapi::luma::testing
