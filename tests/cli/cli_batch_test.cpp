// luma batch FILE --out DIR, luma batch status DIR, luma batch report DIR: the built binary
// against an in-process luma-mock. The input is refused as a whole (every problem with its line,
// exit 2, nothing sent); a run leaves DIR/results.jsonl in input order, DIR/batch.db and the
// files; status and report read the state file alone (no token, no network).

#include <algorithm>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "batch/unit/xml_checker.hpp"
#include "cli/cli_test_fixture.hpp"

namespace useapi::luma::testing {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

class BatchCliTest : public CliTest {
 protected:
  // A fresh mock with `slots` slots on its one account and jobs of `duration`.
  void restartMock(int slots, std::chrono::milliseconds duration) {
    server_->stop();
    mock::MockOptions options;
    options.tokens = {kCliToken};
    options.job_duration = duration;
    options.concurrency = slots;
    server_ = std::make_unique<mock::MockServer>(options);
    server_->start();
  }

  std::filesystem::path writeInput(const std::vector<std::string>& lines,
                                   const std::string& name = "batch.jsonl") const {
    std::filesystem::path file = folder_ / name;
    std::ofstream out(file, std::ios::binary);
    for (const auto& line : lines) out << line << '\n';
    return file;
  }

  std::filesystem::path out() const { return folder_ / "out"; }

  // `count` video items with the ids v0, v1, ...
  static std::vector<std::string> videoLines(int count) {
    std::vector<std::string> lines;
    lines.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
      lines.push_back(R"({"type":"video","id":"v)" + std::to_string(i) + R"(","prompt":"waves"})");
    }
    return lines;
  }

  // The lines of DIR/results.jsonl, each parsed.
  std::vector<json> resultLines() const { return parseLines(readAll(out() / "results.jsonl")); }

  static std::string readAll(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  static std::vector<json> parseLines(const std::string& text) {
    std::vector<json> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
    return lines;
  }

  // The environment without a token: status and report must not need one.
  std::map<std::string, std::string> withoutToken() const {
    return {{"USEAPI_LUMA_BASE_URL", server_->baseUrl()}};
  }

  std::size_t generationRequests() const {
    std::size_t count = 0;
    for (const auto& request : server_->requests()) {
      if (request.method == "POST") ++count;
    }
    return count;
  }
};

// ---- The input is refused as a whole -----------------------------------------------------------

struct RefusedLine {
  const char* line;
  const char* problem;  // what stderr must hold, with "line N (id): " before it
  const char* id;       // the id the problem names
};

// One line per kind of problem; line numbers count from 1 and blank lines count.
const std::vector<RefusedLine> kRefusedLines = {
    {R"({"type":"image","id":"kite","prompt":"a kite","colour":"red"})",
     "colour: is not a known field", "kite"},
    {R"({"type":"video","prompt":"waves","resolution":"4k"})", "resolution: \"4k\" is not one of",
     "line-2"},
    {R"({"type":"video","prompt":"waves","duration":5})",
     "duration: must be a string, not a number", "line-3"},
    {R"({"type":"image","prompt":"a kite","duration":"5s"})",
     "duration: is not a field of an image item", "line-4"},
    {R"({"type":"video","prompt":"waves","imageRef1":"ref"})",
     "imageRef1: is not a field of a video item", "line-5"},
    {R"({"type":"image","id":"kite","prompt":"again"})", "the id is already used on line 1",
     "kite"},
    {R"({"type":"video","prompt":""})", "prompt: is empty", "line-7"},
    {R"({"type":"gif","prompt":"x"})", "type: \"gif\" is not one of image, video", "line-8"},
    {R"({"prompt":"no type"})", "type: is missing", "line-9"},
    {R"({"type":"video","prompt":"waves")", "is not JSON", "line-10"},
    {R"(["type","video"])", "is an array, not a JSON object", "line-11"},
    {R"({"type":"video","id":"../escape","prompt":"waves"})", "the id", "../escape"},
    {R"({"type":"image","id":7,"prompt":"x"})", "id: must be a string, not a number", "line-13"},
    {R"({"type":"video","prompt":"waves","model":"photon-v2"})",
     "model: \"photon-v2\" is not one of ray-v3-flash", "line-14"},
};

TEST_F(BatchCliTest, EveryProblemOfTheInputIsListedWithItsLineAndNothingIsSent) {
  std::vector<std::string> lines;
  lines.reserve(kRefusedLines.size() + 1);
  for (const auto& refused : kRefusedLines) lines.emplace_back(refused.line);
  lines.emplace_back(R"({"type":"video","id":"fine","prompt":"a valid item among them"})");
  const CliResult result = run({"batch", writeInput(lines).string(), "--out", out().string()});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  for (std::size_t i = 0; i < kRefusedLines.size(); ++i) {
    const std::string expected = "line " + std::to_string(i + 1) + " (" + kRefusedLines[i].id +
                                 "): " + kRefusedLines[i].problem;
    EXPECT_NE(result.err.find(expected), std::string::npos) << expected << "\n" << result.err;
  }
  EXPECT_EQ(result.err.find("(fine)"), std::string::npos) << result.err;
  EXPECT_TRUE(server_->requests().empty()) << server_->requests().size() << " requests";
  EXPECT_FALSE(std::filesystem::exists(out())) << "nothing is written either";

  // With --json too: the problems on stderr, nothing on stdout.
  const CliResult json_result =
      run({"--json", "batch", (folder_ / "batch.jsonl").string(), "--out", out().string()});
  EXPECT_EQ(json_result.exit_code, 2);
  EXPECT_EQ(json_result.out, "");
  EXPECT_NE(json_result.err.find("line 14 (line-14): model"), std::string::npos);
  EXPECT_TRUE(server_->requests().empty());
}

TEST_F(BatchCliTest, EachKindOfProblemAloneRefusesTheWholeBatch) {
  for (const auto& refused : kRefusedLines) {
    const CliResult result =
        run({"batch",
             writeInput({R"({"type":"video","id":"kite","prompt":"fine"})", refused.line}).string(),
             "--out", out().string()});
    EXPECT_EQ(result.exit_code, 2) << refused.line << ": " << result.err;
    EXPECT_NE(result.err.find(std::string("line 2 (")), std::string::npos) << result.err;
  }
  EXPECT_TRUE(server_->requests().empty());
}

TEST_F(BatchCliTest, BlankLinesAreSkippedButKeepTheirLineNumbers) {
  const CliResult result = run(
      {"batch",
       writeInput({"", R"({"type":"video","prompt":"waves"})", "   ", R"({"type":"video"})", ""})
           .string(),
       "--out", out().string()});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("line 4 (line-4): prompt: is empty"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("line 1"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("line 3"), std::string::npos) << result.err;
  EXPECT_TRUE(server_->requests().empty());
}

TEST_F(BatchCliTest, InputFromStdinIsRefusedTheSameWay) {
  const std::filesystem::path input =
      writeInput({R"({"type":"video","prompt":"waves","dynamic_range":"dolby"})"});
  const std::string command = std::string("exec '") + LUMA_CLI_PATH + "' batch - --out '" +
                              out().string() + "' < '" + input.string() + "'";
  const CliResult result = CliProcess("/bin/sh", {"-c", command}, environment()).finish();
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("line 1 (line-1): dynamic_range: \"dolby\""), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("stdin"), std::string::npos) << result.err;
  EXPECT_TRUE(server_->requests().empty());
}

TEST_F(BatchCliTest, AnEmptyInputOrAMissingOutIsAUsageError) {
  const CliResult empty = run({"batch", writeInput({"", "  "}).string(), "--out", out().string()});
  EXPECT_EQ(empty.exit_code, 2) << empty.err;
  EXPECT_NE(empty.err.find("no item"), std::string::npos) << empty.err;
  const CliResult no_out =
      run({"batch", writeInput({R"({"type":"video","prompt":"waves"})"}).string()});
  EXPECT_EQ(no_out.exit_code, 2) << no_out.err;
  const CliResult missing =
      run({"batch", (folder_ / "missing.jsonl").string(), "--out", out().string()});
  EXPECT_EQ(missing.exit_code, 7) << missing.err;
  EXPECT_TRUE(server_->requests().empty());
}

TEST_F(BatchCliTest, HelpDescribesTheInputTheFilesTheExitCodesAndGivesAnExample) {
  const CliResult result = run({"batch", "--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* part : {"blank lines skipped", "imageRef1", "results.jsonl", "batch.db",
                           "Exit codes", "Example", "luma batch status", "luma batch report"}) {
    EXPECT_NE(result.out.find(part), std::string::npos) << part << "\n" << result.out;
  }
}

// ---- status and report without a state file --------------------------------------------------

TEST_F(BatchCliTest, StatusAndReportOfAFolderWithoutABatchSaySoWithoutATokenOrARequest) {
  std::filesystem::create_directories(out());
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"batch", "status", out().string()},
        std::vector<std::string>{"batch", "report", out().string()}}) {
    const CliResult result = run(args, withoutToken());
    EXPECT_EQ(result.exit_code, 7) << args[1] << ": " << result.err;
    EXPECT_NE(result.err.find("no batch state file"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("token"), std::string::npos) << result.err;
  }
  EXPECT_TRUE(server_->requests().empty());
}

// ---- Runs (these need runBatch: they pass once the batchcore branch is merged) -----------------

const std::vector<std::string> kThreeItems = {
    R"({"type":"video","id":"fox","prompt":"a red fox in the snow"})", "",
    R"({"type":"image","id":"kite","prompt":"a kite over the sea","resolution":"1080p"})",
    R"({"type":"video","prompt":"waves at dusk","duration":"5s"})"};

TEST_F(BatchCliTest, ARunSavesEveryItemAndWritesResultsInInputOrder) {
  const CliResult result =
      run({"batch", writeInput(kThreeItems).string(), "--out", out().string()});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(std::filesystem::is_regular_file(out() / "fox.mp4"));
  EXPECT_TRUE(std::filesystem::is_regular_file(out() / "line-4.mp4"));
  for (int i = 1; i <= 4; ++i) {
    EXPECT_TRUE(std::filesystem::is_regular_file(out() / ("kite-" + std::to_string(i) + ".png")))
        << i;
  }
  EXPECT_TRUE(std::filesystem::is_regular_file(out() / "batch.db"));
  const std::vector<json> lines = resultLines();
  ASSERT_EQ(lines.size(), 3U);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"fox", "video"}, {"kite", "image"}, {"line-4", "video"}};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i]["id"], expected[i].first);
    EXPECT_EQ(lines[i]["type"], expected[i].second);
    EXPECT_EQ(lines[i]["status"], "completed");
    EXPECT_TRUE(lines[i]["error"].is_null());
    EXPECT_EQ(lines[i]["jobids"].size(), expected[i].second == "image" ? 4U : 1U) << lines[i];
    EXPECT_EQ(lines[i]["files"].size(), expected[i].second == "image" ? 4U : 1U) << lines[i];
  }
  // Nothing temporary is left beside them.
  for (const auto& entry : entriesOf(out())) {
    EXPECT_EQ(entry.filename().string().find(".tmp"), std::string::npos) << entry;
  }
  EXPECT_NE(result.out.find("3 items: 3 completed"), std::string::npos) << result.out;
}

TEST_F(BatchCliTest, RunningTheSameCommandAgainResumesWithoutANewJob) {
  const std::vector<std::string> args = {"batch", writeInput(kThreeItems).string(), "--out",
                                         out().string()};
  ASSERT_EQ(run(args).exit_code, 0);
  const std::size_t created = server_->jobsCreated();
  const CliResult again = run(args);
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(server_->jobsCreated(), created);
  EXPECT_EQ(resultLines().size(), 3U);
}

TEST_F(BatchCliTest, JsonPrintsTheResultsDocumentOnly) {
  const CliResult result =
      run({"--json", "batch", writeInput(kThreeItems).string(), "--out", out().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, readAll(out() / "results.jsonl"));
  EXPECT_EQ(parseLines(result.out).size(), 3U);
}

TEST_F(BatchCliTest, ARejectedItemExitsThreeAndTheOthersComplete) {
  mock::Fault moderation;
  moderation.route = "POST /videos";
  moderation.status = 422;
  moderation.body = R"({"error":"Prompt flagged by moderation"})";
  server_->queueFault(moderation);
  const CliResult result = run({"batch",
                                writeInput({R"({"type":"video","id":"only","prompt":"flagged"})",
                                            R"({"type":"image","id":"kite","prompt":"a kite"})"})
                                    .string(),
                                "--out", out().string()});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  const std::vector<json> lines = resultLines();
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0]["status"], "rejected");
  ASSERT_TRUE(lines[0]["error"].is_string()) << lines[0];
  EXPECT_NE(lines[0]["error"].get<std::string>().find("moderation"), std::string::npos);
  EXPECT_EQ(lines[1]["status"], "completed");
}

TEST_F(BatchCliTest, TheApiStoppingTheBatchExitsFourWithItemsPending) {
  mock::Fault payment;
  payment.route = "POST /videos";
  payment.status = 402;
  payment.body = R"({"error":"Subscription expired"})";
  payment.times = 100;
  server_->queueFault(payment);
  const CliResult result =
      run({"batch", writeInput({R"({"type":"video","id":"a","prompt":"one"})"}).string(), "--out",
           out().string()});
  EXPECT_EQ(result.exit_code, 4) << result.out << result.err;
  const std::vector<json> lines = resultLines();
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0]["status"], "pending");
  EXPECT_EQ(server_->jobsCreated(), 0U);
}

TEST_F(BatchCliTest, StatusAndReportReadTheStateFileWithoutATokenOrARequest) {
  ASSERT_EQ(run({"batch", writeInput(kThreeItems).string(), "--out", out().string()}).exit_code, 0);
  const std::size_t requests = server_->requests().size();

  const CliResult status = run({"batch", "status", out().string()}, withoutToken());
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("3 items: 3 completed"), std::string::npos) << status.out;
  const CliResult status_json = run({"--json", "batch", "status", out().string()}, withoutToken());
  EXPECT_EQ(status_json.exit_code, 0) << status_json.err;
  EXPECT_EQ(parseLines(status_json.out).size(), 3U);

  const CliResult report = run({"batch", "report", out().string()}, withoutToken());
  EXPECT_EQ(report.exit_code, 0) << report.err;
  const std::filesystem::path picture = out() / "timeline.svg";
  EXPECT_NE(report.out.find(picture.string()), std::string::npos) << report.out;
  const auto elements = parseXml(readAll(picture));
  const auto jobs = std::count_if(elements.begin(), elements.end(), [](const XmlElement& e) {
    const auto found = e.attributes.find("class");
    return found != e.attributes.end() && found->second.rfind("job ", 0) == 0;
  });
  EXPECT_EQ(jobs, 3);

  const std::filesystem::path elsewhere = folder_ / "picture.svg";
  const CliResult report_to =
      run({"batch", "report", out().string(), "--out", elsewhere.string()}, withoutToken());
  EXPECT_EQ(report_to.exit_code, 0) << report_to.err;
  EXPECT_NO_THROW(parseXml(readAll(elsewhere)));
  EXPECT_EQ(server_->requests().size(), requests) << "status and report sent nothing";
}

TEST_F(BatchCliTest, ResultsFileIsAlwaysWholeWhileTheBatchRuns) {
  restartMock(2, std::chrono::milliseconds(300));
  const std::vector<std::string> lines = videoLines(12);
  const auto process =
      start({"batch", writeInput(lines).string(), "--out", out().string()}, environment());
  std::set<std::size_t> completed_counts;
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (Clock::now() < deadline) {
    if (std::filesystem::exists(out() / "results.jsonl")) {
      const std::vector<json> read = resultLines();  // throws on a partial line
      ASSERT_EQ(read.size(), 12U);
      completed_counts.insert(
          static_cast<std::size_t>(std::count_if(read.begin(), read.end(), [](const json& line) {
            return line["status"] == "completed";
          })));
      if (completed_counts.count(12) != 0) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const CliResult result = process->finish();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  // Rewritten as items finished: seen with some but not all items completed.
  EXPECT_GE(completed_counts.size(), 3U);
}

TEST_F(BatchCliTest, PlainOutputHasALinePerChangeAndTheTerminalALiveSummary) {
  const CliResult plain = run({"batch", writeInput(kThreeItems).string(), "--out", out().string()});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out.find('\x1b'), std::string::npos);
  EXPECT_NE(plain.out.find("fox  completed"), std::string::npos) << plain.out;
  EXPECT_NE(plain.out.find("batch: 3/3 done"), std::string::npos) << plain.out;

  const auto live = std::make_unique<CliProcess>(
      LUMA_CLI_PATH,
      std::vector<std::string>{"--poll-interval", "50", "batch",
                               writeInput(kThreeItems, "b.jsonl").string(), "--out",
                               (folder_ / "live").string()},
      environment(), Stdout::Terminal);
  const CliResult terminal = live->finish();
  EXPECT_EQ(terminal.exit_code, 0) << terminal.err;
  EXPECT_NE(terminal.out.find("\x1b[J"), std::string::npos);
  EXPECT_NE(terminal.out.find("batch: 3/3 done"), std::string::npos) << terminal.out;
}

TEST_F(BatchCliTest, FirstCtrlCStopsSubmittingAndSavesTheRunningJobs) {
  restartMock(2, std::chrono::milliseconds(1500));
  const std::vector<std::string> lines = videoLines(6);
  const auto process =
      start({"batch", writeInput(lines).string(), "--out", out().string()}, environment());
  ASSERT_TRUE(process->waitForOutput("2 running", std::chrono::seconds(10)));
  process->signal(SIGINT);
  const CliResult result = process->finish();
  EXPECT_EQ(result.exit_code, 130) << result.out << result.err;
  const std::vector<json> read = resultLines();
  ASSERT_EQ(read.size(), 6U);
  std::size_t completed = 0;
  for (const auto& line : read) {
    if (line["status"] == "completed") {
      ++completed;
      EXPECT_TRUE(
          std::filesystem::is_regular_file(out() / (line["id"].get<std::string>() + ".mp4")));
    } else {
      EXPECT_EQ(line["status"], "pending");
    }
  }
  EXPECT_EQ(completed, 2U) << "the two running jobs were awaited and saved";
  EXPECT_EQ(server_->jobsCreated(), 2U) << "nothing more was submitted";
}

TEST_F(BatchCliTest, SecondCtrlCExitsAtOnceWithTheRunningJobsRecorded) {
  restartMock(2, std::chrono::minutes(1));
  const std::vector<std::string> lines = videoLines(4);
  const auto process =
      start({"batch", writeInput(lines).string(), "--out", out().string()}, environment());
  ASSERT_TRUE(process->waitForOutput("2 running", std::chrono::seconds(10)));
  process->signal(SIGINT);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto interrupted = Clock::now();
  process->signal(SIGINT);
  const CliResult result = process->finish();
  EXPECT_EQ(result.exit_code, 130) << result.out << result.err;
  EXPECT_LT(Clock::now() - interrupted, std::chrono::seconds(3));
  const CliResult status = run({"batch", "status", out().string()}, withoutToken());
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("2 running"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("2 queued"), std::string::npos) << status.out;
}

}  // namespace
}  // namespace useapi::luma::testing
