// Text from a server never reaches the terminal as control characters: an escape sequence or a
// carriage return in an error, a status or a URL is printed escaped.

#include <nlohmann/json.hpp>

#include "cli/cli_test_fixture.hpp"

namespace useapi::luma::testing {
namespace {

// Neither ESC, CR, BEL nor C1's CSI: nothing a terminal would obey.
void expectNoControlCharacters(const std::string& text, const std::string& context) {
  for (const char control : {'\x1b', '\r', '\x07'}) {
    EXPECT_EQ(text.find(control), std::string::npos)
        << context << ": control character " << int(control) << " in:\n"
        << text;
  }
  EXPECT_EQ(text.find("\xc2\x9b"), std::string::npos) << context << ": U+009B in:\n" << text;
}

std::string record(const std::string& jobid, const std::string& status,
                   const nlohmann::json& extra) {
  nlohmann::json job = {{"jobid", jobid},
                        {"type", "video"},
                        {"status", status},
                        {"created", "2026-03-26T14:05:30.123Z"}};
  job.update(extra);
  return job.dump();
}

TEST_F(SlowJobCliTest, ServerTextIsPrintedWithControlCharactersEscaped) {
  // ESC sequences (CSI colour, OSC title), BEL, CR, and U+009B: the one-character CSI of C1.
  const std::string hostile =
      "\x1b[31mred\x1b]0;title\x07\rover\xc2\x9b"
      "2J";
  mock::Fault rejected;
  rejected.route = "POST /videos";
  rejected.status = 400;
  rejected.body = nlohmann::json({{"error", "bad " + hostile}}).dump();
  for (const bool json : {false, true}) {
    std::vector<std::string> command = {"video", "a red fox", "--out", folder_.string()};
    if (json) command.insert(command.begin(), "--json");
    server_->queueFault(rejected);
    const CliResult result = run(command);
    EXPECT_EQ(result.exit_code, 4) << result.err;
    expectNoControlCharacters(result.out + result.err, "rejected submit");
    if (!json) {
      EXPECT_NE(result.err.find("\\e[31mred\\e]0;title\\x07\\rover\\u{9b}2J"), std::string::npos)
          << result.err;
    }
  }

  // A wait whose records carry escapes in the status, the error and a media URL.
  const std::string id = submitVideo();
  mock::Fault odd_status;
  odd_status.route = "GET /jobs";
  odd_status.status = 200;
  odd_status.body = record(id, "processing" + hostile, {{"response", nullptr}});
  mock::Fault failed = odd_status;
  failed.body = record(id, "failed", {{"error", "no " + hostile}});
  for (const bool json : {false, true}) {
    std::vector<std::string> command = {"job", "wait", id};
    if (json) command.insert(command.begin(), "--json");
    server_->clearFaults();
    server_->queueFault(odd_status);
    server_->queueFault(failed);
    const CliResult result = run(command);
    EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
    expectNoControlCharacters(result.out + result.err, "failed job");
    if (!json) {
      EXPECT_NE(result.out.find("processing\\e[31mred"), std::string::npos) << result.out;
      EXPECT_NE(result.err.find("no \\e[31mred"), std::string::npos) << result.err;
    }
  }

  mock::Fault completed = odd_status;
  completed.body = record(
      id, "completed",
      {{"response", {{"video", {{"url", "http://127.0.0.1:1/media/" + hostile + ".mp4"}}}}}});
  server_->clearFaults();
  server_->queueFault(completed);
  const CliResult saved = run({"job", "wait", id, "--out", folder_.string()});
  EXPECT_NE(saved.exit_code, 0);
  expectNoControlCharacters(saved.out + saved.err, "media URL");
  EXPECT_NE(saved.err.find("/media/\\e[31mred"), std::string::npos) << saved.err;
}

}  // namespace
}  // namespace useapi::luma::testing
