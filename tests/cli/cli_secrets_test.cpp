// Secrets off the command line (issue 16): --token-file, `luma account add -` reading the session
// from stdin, and a warning when --token is given on the command line.

#include <fstream>

#include "cli/cli_test_fixture.hpp"

namespace useapi::luma::testing {
namespace {

std::map<std::string, std::string> withoutToken(const std::string& base_url) {
  return {{"USEAPI_LUMA_BASE_URL", base_url}};
}

TEST_F(CliTest, TokenFileGivesTheFirstLineTrimmedAsTheToken) {
  const auto file = folder_ / "token";
  std::ofstream(file) << "  " << kCliToken << " \r\nsecond line ignored\n";
  const CliResult result =
      run({"--token-file", file.string(), "jobs"}, withoutToken(server_->baseUrl()));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err.find("warning"), std::string::npos) << result.err;
  const auto requests = server_->requests();
  ASSERT_FALSE(requests.empty());
  const auto& headers = requests.front().headers;
  const auto authorization = headers.find("Authorization");
  ASSERT_NE(authorization, headers.end());
  EXPECT_EQ(authorization->second, "Bearer " + kCliToken);
}

TEST_F(CliTest, AnEmptyOrUnreadableTokenFileIsRefusedBeforeAnythingIsSent) {
  const auto empty = folder_ / "empty";
  std::ofstream(empty) << "   \nthe token on line two does not count\n";
  struct Refused {
    std::string file;
    int exit_code;
    std::string says;
  };
  const std::vector<Refused> cases = {
      {empty.string(), 2, "is empty"},
      {(folder_ / "missing").string(), 7, "cannot read"},
      {folder_.string(), 7, "cannot read"},
  };
  for (const auto& each : cases) {
    const CliResult result =
        run({"--token-file", each.file, "jobs"}, withoutToken(server_->baseUrl()));
    EXPECT_EQ(result.exit_code, each.exit_code) << each.file << ": " << result.err;
    EXPECT_NE(result.err.find("--token-file"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find(each.says), std::string::npos) << result.err;
  }
  EXPECT_TRUE(server_->requests().empty());
}

TEST_F(CliTest, TokenOnTheCommandLineWorksButWarns) {
  const CliResult result = run({"--token", kCliToken, "jobs"}, withoutToken(server_->baseUrl()));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("warning"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("--token-file"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find(kCliToken), std::string::npos) << "the warning repeats the token";
}

TEST_F(CliTest, NoWarningWhenTheTokenComesFromTheEnvironment) {
  const CliResult result = run({"jobs"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err.find("warning"), std::string::npos) << result.err;
}

TEST_F(CliTest, AccountAddDashReadsTheSessionFromStdin) {
  const std::string cookie = "stdin-session-cookie-for-jane@example.com";
  const CliResult result = runWithStdin({"account", "add", "-"}, cookie + "\n", environment());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  bool sent = false;
  for (const auto& request : server_->requests()) {
    if (request.method == "POST" && request.path.find("/accounts") != std::string::npos) {
      EXPECT_NE(request.body.find(cookie), std::string::npos) << request.body;
      EXPECT_EQ(request.body.find("\\n"), std::string::npos) << "not trimmed: " << request.body;
      sent = true;
    }
  }
  EXPECT_TRUE(sent);
}

TEST_F(CliTest, AccountAddDashRefusesAnEmptyStdin) {
  const CliResult result = runWithStdin({"account", "add", "-"}, " \n\n", environment());
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("session cookie read from stdin is empty"), std::string::npos)
      << result.err;
  EXPECT_TRUE(server_->requests().empty());
}

}  // namespace
}  // namespace useapi::luma::testing
