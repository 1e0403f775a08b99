// luma job get|wait|delete, luma jobs, luma account list, luma asset upload against luma-mock
// (every command's --help: cli_guidance_test.cpp).

#include <fstream>

#include "cli/cli_test_fixture.hpp"

namespace useapi::luma::testing {
namespace {

// A valid 1x1 PNG.
const unsigned char kTinyPng[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
    0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99,
    0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

TEST_F(CliTest, JobGetShowsTheRecord) {
  const std::string id = submitVideo();
  const CliResult result = run({"job", "get", id});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.rfind(id, 0), 0u) << result.out;
}

TEST_F(CliTest, JobWaitWaitsUntilCompleted) {
  const std::string id = submitVideo();
  const CliResult result = run({"job", "wait", id});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find(id + "  completed"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("video: http"), std::string::npos) << result.out;
}

// Slow jobs: under a sanitizer two CLI runs can outlast a short job, which would then be done.
TEST_F(SlowJobCliTest, JobsListsTheRunningJobs) {
  const std::string id = submitVideo();
  const CliResult result = run({"jobs"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("1 running"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(id), std::string::npos) << result.out;
}

TEST_F(CliTest, JobDeleteRemovesACompletedJob) {
  const std::string id = submitVideo();
  ASSERT_EQ(run({"job", "wait", id}).exit_code, 0);
  const CliResult deleted = run({"job", "delete", id});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_NE(deleted.out.find("deleted " + id), std::string::npos);
  EXPECT_EQ(run({"job", "get", id}).exit_code, 4);  // 404 now
}

TEST_F(CliTest, AccountListShowsTheMockAccount) {
  const CliResult result = run({"account", "list"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("mock@example.com"), std::string::npos) << result.out;
}

TEST_F(CliTest, AssetUploadPrintsTheAssetRef) {
  const auto png = folder_ / "file.png";
  std::ofstream(png, std::ios::binary)
      .write(reinterpret_cast<const char*>(kTinyPng), sizeof kTinyPng);
  const CliResult result = run({"asset", "upload", "mock@example.com", png.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("-image:"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("email:mock@example.com"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace useapi::luma::testing
