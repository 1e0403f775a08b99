// A prompt of `-` (or --prompt-file -) is read from stdin, and refused when empty (issue 16).

#include "cli/cli_test_fixture.hpp"

namespace useapi::luma::testing {
namespace {

TEST_F(CliTest, APromptOfDashIsReadFromStdin) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"video", "-", "--no-wait"},
        std::vector<std::string>{"video", "--prompt-file", "-", "--no-wait"}}) {
    const std::size_t before = server_->requests().size();
    const CliResult result = runWithStdin(args, "a red fox \"in\" the snow\n\n", environment());
    ASSERT_EQ(result.exit_code, 0) << args[1] << ": " << result.err;
    const auto requests = server_->requests();
    ASSERT_EQ(requests.size(), before + 1);
    EXPECT_NE(requests.back().body.find(R"("prompt":"a red fox \"in\" the snow")"),
              std::string::npos)
        << requests.back().body;
  }
}

TEST_F(CliTest, AnEmptyPromptFromStdinIsRefusedAndNothingIsSent) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"image", "-", "--no-wait"},
        std::vector<std::string>{"video", "--prompt-file", "-", "--no-wait"}}) {
    const CliResult result = runWithStdin(args, "  \n\t\n", environment());
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_NE(result.err.find("the prompt read from stdin is empty"), std::string::npos)
        << result.err;
  }
  EXPECT_TRUE(server_->requests().empty());
}

}  // namespace
}  // namespace useapi::luma::testing
