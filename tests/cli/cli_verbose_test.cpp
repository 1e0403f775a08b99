// --verbose: one line on stderr per HTTP exchange, through the library's logger, never the token
// (issue 16).

#include "cli/cli_test_fixture.hpp"

namespace useapi::luma::testing {
namespace {

std::size_t countOf(const std::string& text, const std::string& piece) {
  std::size_t count = 0;
  for (auto at = text.find(piece); at != std::string::npos; at = text.find(piece, at + 1)) ++count;
  return count;
}

TEST_F(CliTest, VerbosePrintsOneLinePerHttpExchangeWithoutTheToken) {
  const CliResult result = run({"--verbose", "video", "a red fox", "--out", folder_.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto requests = server_->requests();
  ASSERT_GE(requests.size(), 3u);  // the POST, polls, the download
  // The mock records its API requests; the media downloads (3 files) come on top.
  const std::size_t media_lines = countOf(result.err, "/media/");
  EXPECT_EQ(media_lines, 3u) << result.err;
  EXPECT_EQ(countOf(result.err, "luma: http: "), requests.size() + media_lines) << result.err;
  EXPECT_NE(result.err.find("POST /videos"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("GET /jobs/"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find(kCliToken), std::string::npos) << result.err;
}

TEST_F(CliTest, WithoutVerboseNoHttpLineIsPrinted) {
  const CliResult result = run({"video", "a red fox", "--no-wait"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err.find("luma: http: "), std::string::npos) << result.err;
}

}  // namespace
}  // namespace useapi::luma::testing
