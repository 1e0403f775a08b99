// Whole job ids wherever a user may need them again, and what to do with a batch's own id.

#include <nlohmann/json.hpp>
#include <set>

#include "cli/cli_test_fixture.hpp"

namespace useapi::luma::testing {
namespace {

TEST_F(CliTest, ImageBatchPrintsEveryWholeImageIdAndHowToWaitOnThem) {
  const CliResult result = run({"image", "a red fox", "--out", folder_.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto ids = polledJobIds();
  ASSERT_EQ(ids.size(), 4u);
  const auto batch_at = result.out.find("image batch ");
  ASSERT_NE(batch_at, std::string::npos) << result.out;
  const std::string batch_line =
      result.out.substr(batch_at, result.out.find('\n', batch_at) - batch_at);
  const auto wait_at = batch_line.find("luma job wait ");
  ASSERT_NE(wait_at, std::string::npos) << batch_line;
  for (const auto& id : ids) {
    EXPECT_NE(batch_line.find(" " + id, wait_at), std::string::npos) << id << "\n" << batch_line;
  }
  for (const auto& id : ids) {
    EXPECT_NE(result.out.find("(job " + id + ")"), std::string::npos) << "at the end: " << id;
  }
}

// On a terminal too narrow for whole ids, the board labels rows #1..#4 and prints each label's
// whole id once; a label never is a piece of an id (a batch's ids share their first part).
TEST_F(CliTest, LiveBoardNeverShowsAPieceOfAnIdAsItsLabel) {
  auto process =
      std::make_unique<CliProcess>(LUMA_CLI_PATH,
                                   std::vector<std::string>{"--poll-interval", "50", "image",
                                                            "a red fox", "--out", folder_.string()},
                                   environment(), Stdout::Terminal);
  const CliResult result = process->finish();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto ids = polledJobIds();
  ASSERT_EQ(ids.size(), 4u);
  std::set<int> labels;  // each id has its own: polls may start in any order
  for (const auto& id : ids) {
    for (int label = 1; label <= 4; ++label) {
      if (result.out.find("#" + std::to_string(label) + "  " + id) != std::string::npos) {
        labels.insert(label);
      }
    }
  }
  EXPECT_EQ(labels.size(), 4u) << result.out;
}

TEST_F(CliTest, NoWaitNamesTheBatchAndItsImageIds) {
  const CliResult result = run({"image", "a red fox", "--no-wait"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("image batch "), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("luma job wait "), std::string::npos) << result.err;
}

// GET of a batch's own id is undocumented (luma-mock answers a record with no media): the CLI
// says to wait on the image ids instead of reporting success with nothing saved.
TEST_F(CliTest, WaitingOnABatchIdSaysToWaitOnItsImageIds) {
  const CliResult submitted = run({"--json", "image", "a red fox", "--no-wait"});
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  const std::string batch = nlohmann::json::parse(submitted.out).at("batch");
  const CliResult result = run({"job", "wait", batch, "--out", folder_.string()});
  EXPECT_NE(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.err.find("4 image ids"), std::string::npos) << result.err;
  EXPECT_TRUE(imageFilesIn(folder_).empty());
}

TEST_F(CliTest, WaitingOnAnUnknownIdSaysHowBatchIdsDiffer) {
  const CliResult result =
      run({"job", "wait", "j0326140530123456789i-u12345-email:mock@example.com:0-bot:luma"});
  EXPECT_EQ(result.exit_code, 4) << result.out << result.err;
  EXPECT_NE(result.err.find("4 image ids"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace useapi::luma::testing
