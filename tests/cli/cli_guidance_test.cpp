// A CLI that explains itself (issue 16): --version, "did you mean", errors that say what to do
// next.

#include <fstream>
#include <nlohmann/json.hpp>
#include <useapi/luma/version.hpp>

#include "cli/cli_test_fixture.hpp"

namespace useapi::luma::testing {
namespace {

TEST_F(CliTest, VersionPrintsTheLibraryVersionAndSendsNothing) {
  const CliResult result = run({"--version"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, std::string("luma ") + kVersion + "\n");
  EXPECT_TRUE(server_->requests().empty());
}

TEST_F(CliTest, EveryHelpShowsTheUsageAndEndsWithExamples) {
  const std::vector<std::vector<std::string>> commands = {
      {},
      {"image"},
      {"video"},
      {"job"},
      {"job", "get"},
      {"job", "wait"},
      {"job", "delete"},
      {"jobs"},
      {"account"},
      {"account", "list"},
      {"account", "get"},
      {"account", "add"},
      {"account", "delete"},
      {"asset"},
      {"asset", "upload"},
      {"models"},
      {"batch"},
      {"batch", "status"},
      {"batch", "report"},
  };
  for (auto args : commands) {
    const std::string name = args.empty() ? "luma" : args.back();
    args.push_back("--help");
    const CliResult result = run(args);
    EXPECT_EQ(result.exit_code, 0) << name << ": " << result.err;
    EXPECT_NE(result.out.find("Usage:"), std::string::npos) << name << ":\n" << result.out;
    const auto at = result.out.find("Example");
    ASSERT_NE(at, std::string::npos) << name << ":\n" << result.out;
    EXPECT_NE(result.out.find("  luma ", at), std::string::npos) << name << ":\n" << result.out;
  }
  EXPECT_TRUE(server_->requests().empty());
}

struct Typo {
  std::vector<std::string> args;
  std::string unknown;  // the word the CLI does not know
  std::string closest;  // what it suggests; empty: no suggestion
};

TEST_F(CliTest, AMistypedSubcommandIsAnsweredWithTheClosestOne) {
  const std::vector<Typo> typos = {
      {{"imgae", "a red fox"}, "imgae", "image"},
      {{"vidoe", "a red fox"}, "vidoe", "video"},
      {{"jbos"}, "jbos", "jobs"},
      {{"account", "lst"}, "lst", "list"},
      {{"job", "wiat", "some-id"}, "wiat", "wait"},
      {{"asset", "uplaod", "mock@example.com", "fox.png"}, "uplaod", "upload"},
      {{"account", "dlete", "mock@example.com"}, "dlete", "delete"},
      // batch takes a FILE beside its subcommands: a typo there is no file name.
      {{"batch", "stauts"}, "stauts", "status"},
      {{"batch", "stauts", "shots"}, "stauts", "status"},
      {{"batch", "reprot", "shots", "--out", "timeline.svg"}, "reprot", "report"},
      {{"batch", "statsu", "--out", "shots"}, "statsu", "status"},
      {{"paint", "a red fox"}, "paint", ""},
  };
  for (const auto& typo : typos) {
    const CliResult result = run(typo.args);
    EXPECT_EQ(result.exit_code, 2) << typo.unknown << ": " << result.err;
    EXPECT_NE(result.err.find("unknown command `" + typo.unknown + "`"), std::string::npos)
        << result.err;
    if (typo.closest.empty()) {
      EXPECT_EQ(result.err.find("did you mean"), std::string::npos) << result.err;
    } else {
      EXPECT_NE(result.err.find("did you mean `" + typo.closest + "`?"), std::string::npos)
          << result.err;
    }
    EXPECT_EQ(result.err.find("A subcommand is required"), std::string::npos) << result.err;
  }
  EXPECT_TRUE(server_->requests().empty());
}

TEST_F(CliTest, AGroupWithoutItsCommandListsItsCommands) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> groups = {
      {{}, "luma: which command? one of: image video job jobs asset account batch models"},
      {{"job"}, "luma job: which command? one of: get wait delete"},
      {{"account"}, "luma account: which command? one of: list get add delete"},
      {{"asset"}, "luma asset: which command? one of: upload"},
  };
  for (const auto& [args, expected] : groups) {
    const CliResult result = run(args);
    EXPECT_EQ(result.exit_code, 2) << expected << ": " << result.err;
    EXPECT_NE(result.err.find(expected + "\n"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("A subcommand is required"), std::string::npos) << result.err;
  }
  EXPECT_TRUE(server_->requests().empty());
}

TEST_F(CliTest, ABatchFileThatIsNoTypoIsReportedAsAFile) {
  const auto missing = folder_ / "prompts.jsonl";
  const CliResult result = run({"batch", missing.string(), "--out", (folder_ / "out").string()});
  EXPECT_EQ(result.exit_code, 7) << result.err;
  EXPECT_NE(result.err.find(missing.string()), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("unknown command"), std::string::npos) << result.err;

  // A file named like a typo of `status`, given by its bare name from its folder, is a file.
  std::ofstream(folder_ / "stats") << R"({"type":"image","prompt":"a red fox"})" << '\n';
  const std::string command = "cd '" + folder_.string() + "' && exec '" + LUMA_CLI_PATH +
                              "' --poll-interval 50 batch stats --out out";
  const CliResult existing = CliProcess("/bin/sh", {"-c", command}, environment()).finish();
  EXPECT_EQ(existing.exit_code, 0) << existing.err;
  EXPECT_EQ(existing.err.find("unknown command"), std::string::npos) << existing.err;
}

struct FaultHint {
  int status;
  std::string body;
  std::string hint;  // a piece of the line that says what to do next
};

TEST_F(CliTest, ApiErrorsSayWhatToDoNext) {
  const std::vector<FaultHint> cases = {
      {401, R"({"error":"Unauthorized"})", "USEAPI_TOKEN, --token-file FILE"},
      {429, R"({"error":"All slots busy"})", "or use `luma batch`"},
      {596, R"({"error":"Session expired"})", "re-add the account with `luma account add"},
      {404, "", "check the base URL (--base-url or USEAPI_LUMA_BASE_URL"},
  };
  const std::string jobid = submitVideo();
  for (const auto& each : cases) {
    failJobReads(each.status, 10, each.body);  // every retry of a GET
    const CliResult result = run({"job", "get", jobid});
    server_->clearFaults();
    EXPECT_EQ(result.exit_code, 4) << each.status << ": " << result.err;
    EXPECT_NE(result.err.find(std::to_string(each.status)), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("luma: hint: "), std::string::npos) << result.err;
    EXPECT_NE(result.err.find(each.hint), std::string::npos) << each.status << ": " << result.err;
  }
}

TEST_F(CliTest, A404WithTheApisOwnBodyGivesNoBaseUrlHint) {
  const std::string jobid = submitVideo();
  failJobReads(404, 1, R"({"error":"Job not found"})");
  const CliResult result = run({"job", "get", jobid});
  EXPECT_EQ(result.exit_code, 4) << result.err;
  EXPECT_EQ(result.err.find("base URL"), std::string::npos) << result.err;
}

TEST_F(CliTest, AMissingTokenIsExplainedWithoutCppNames) {
  const CliResult result = run({"jobs"}, {{"USEAPI_LUMA_BASE_URL", server_->baseUrl()}});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("set USEAPI_TOKEN or pass --token-file FILE"), std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("::"), std::string::npos) << result.err;
  EXPECT_TRUE(server_->requests().empty());
}

TEST_F(CliTest, AccountGetShowsCreditsInTextToo) {
  const CliResult made = run({"video", "a red fox", "--out", folder_.string()});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const CliResult json_result = run({"account", "get", "mock@example.com", "--json"});
  ASSERT_EQ(json_result.exit_code, 0) << json_result.err;
  const auto credits = nlohmann::json::parse(json_result.out).at("credits");
  const double usage = credits.at("usage").get<double>();
  ASSERT_GT(usage, 0) << json_result.out;  // the video cost credits: a number worth showing
  const CliResult text = run({"account", "get", "mock@example.com"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  const std::string expected = "credits " + std::to_string(static_cast<long long>(usage)) + " of " +
                               std::to_string(credits.at("limit").get<long long>()) + " used";
  EXPECT_NE(text.out.find(expected), std::string::npos) << text.out;
}

}  // namespace
}  // namespace useapi::luma::testing
