// A submit that may have created a paid job says so and how to find it.

#include "cli/cli_test_fixture.hpp"

namespace useapi::luma::testing {
namespace {

// Slow jobs: a job created before the failure is still running when `luma jobs` looks.
TEST_F(SlowJobCliTest, SubmitThatMayHaveCreatedAJobSaysHowToFindIt) {
  struct Case {
    const char* name;
    std::vector<std::string> command;
    mock::Fault fault;
    int exit_code;
    bool created;  // the mock made the job before failing
  };
  mock::Fault server_error;
  server_error.route = "POST /videos";
  server_error.status = 503;
  mock::Fault acted_then_500 = server_error;
  acted_then_500.route = "POST /images";
  acted_then_500.status = 500;
  acted_then_500.after_acting = true;
  mock::Fault acted_then_reset;
  acted_then_reset.route = "POST /videos";
  acted_then_reset.reset = true;
  acted_then_reset.after_acting = true;
  mock::Fault unreadable_2xx;
  unreadable_2xx.route = "POST /videos";
  unreadable_2xx.status = 200;
  unreadable_2xx.body = R"({"jobid":42})";
  const std::vector<Case> cases = {
      {"503", {"video", "a red fox", "--out", folder_.string()}, server_error, 4, false},
      {"500 after acting",
       {"image", "a red fox", "--out", folder_.string()},
       acted_then_500,
       4,
       true},
      {"reset after acting",
       {"video", "a red fox", "--out", folder_.string()},
       acted_then_reset,
       5,
       true}};
  for (const auto& each : cases) {
    server_->queueFault(each.fault);
    const std::size_t created_before = server_->jobsCreated();
    const CliResult result = run(each.command);
    EXPECT_EQ(result.exit_code, each.exit_code) << each.name << ": " << result.err;
    EXPECT_NE(result.err.find("may have been created"), std::string::npos)
        << each.name << ": " << result.err;
    EXPECT_NE(result.err.find("luma jobs"), std::string::npos) << each.name << ": " << result.err;
    EXPECT_NE(result.err.find("luma job wait ID --out " + folder_.string()), std::string::npos)
        << each.name << ": " << result.err;
    // Sent once: a job that may exist is never submitted a second time.
    EXPECT_EQ(server_->jobsCreated(), created_before + (each.created ? 1 : 0)) << each.name;
    if (each.created) {
      const CliResult jobs = run({"jobs"});
      EXPECT_NE(jobs.out.find(std::to_string(server_->jobsCreated()) + " running"),
                std::string::npos)
          << each.name << ": " << jobs.out;
    }
  }
}

TEST_F(CliTest, SubmitThatCouldNotConnectClaimsNoJob) {
  const CliResult result = run({"--base-url", "http://127.0.0.1:1/v1/luma", "video", "a red fox",
                                "--out", folder_.string()});
  EXPECT_EQ(result.exit_code, 5) << result.err;
  EXPECT_EQ(result.err.find("may have been created"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace useapi::luma::testing
