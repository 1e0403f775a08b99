// While a wait's polls keep failing, the status line says so instead of the last status seen.

#include <sstream>

#include "cli/cli_test_fixture.hpp"

namespace useapi::luma::testing {
namespace {

// True when a line of `text` starts with `start` and holds `part`.
bool hasLine(const std::string& text, const std::string& start, const std::string& part) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(start, 0) == 0 && line.find(part) != std::string::npos) return true;
  }
  return false;
}

TEST_F(SlowJobCliTest, StatusLineSaysRetryingWhilePollsFail) {
  const struct {
    const char* name;
    const char* reason;
    bool stop_the_server;
  } cases[] = {{"503", "retrying: HTTP 503", false},
               {"connection refused", "retrying: could not connect", true}};
  for (const auto& each : cases) {
    const std::string id = submitVideo();
    ASSERT_FALSE(id.empty());
    if (each.stop_the_server) {
      server_->stop();
    } else {
      failJobReads(503, 1000);
    }
    const CliResult result = run({"--timeout", "2", "job", "wait", id});
    EXPECT_EQ(result.exit_code, 6) << each.name << ": " << result.out << result.err;
    for (const char* tries : {", 2nd try", ", 3rd try"}) {
      EXPECT_TRUE(hasLine(result.out, id + "  submitted  ", std::string(each.reason) + tries))
          << each.name << ": " << result.out;
    }
    // And the timeout says what failed last, not only that time ran out.
    EXPECT_NE(result.err.find("last error"), std::string::npos) << each.name << result.err;
  }
}

}  // namespace
}  // namespace useapi::luma::testing
