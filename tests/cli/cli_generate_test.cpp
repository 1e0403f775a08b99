// luma image and luma video against luma-mock: saved files, --no-wait, --json, output on a pipe.

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_test_fixture.hpp"

namespace useapi::luma::testing {
namespace {

std::string firstBytes(const std::filesystem::path& file, std::size_t count) {
  std::ifstream in(file, std::ios::binary);
  std::string bytes(count, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(count));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

TEST_F(CliTest, ImageWritesFourPngsAndExitsZero) {
  const CliResult result = run({"image", "a red fox", "--out", folder_.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto pngs = filesWith(folder_, ".png");
  ASSERT_EQ(pngs.size(), 4u) << result.out;
  for (const auto& png : pngs) EXPECT_EQ(firstBytes(png, 8), "\x89PNG\r\n\x1a\n") << png;
}

TEST_F(CliTest, OutputHasNoEscapeCodesWhenStdoutIsAPipe) {
  const CliResult result = run({"image", "a red fox", "--out", folder_.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("completed"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("saved"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find('\x1b'), std::string::npos) << result.out;
  EXPECT_EQ(result.err.find('\x1b'), std::string::npos) << result.err;
}

TEST_F(CliTest, StatusLinesAreRedrawnInPlaceOnATerminal) {
  auto process =
      std::make_unique<CliProcess>(LUMA_CLI_PATH,
                                   std::vector<std::string>{"--poll-interval", "50", "video",
                                                            "a red fox", "--out", folder_.string()},
                                   environment(), Stdout::Terminal);
  const CliResult result = process->finish();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("\x1b[A"), std::string::npos) << result.out;  // cursor up: redrawn
  EXPECT_NE(result.out.find("completed"), std::string::npos) << result.out;
  EXPECT_EQ(filesWith(folder_, ".mp4").size(), 1u);
}

TEST_F(CliTest, VideoWritesAnMp4) {
  const CliResult result =
      run({"video", "a red fox", "--duration", "10s", "--out", folder_.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto mp4s = filesWith(folder_, ".mp4");
  ASSERT_EQ(mp4s.size(), 1u) << result.out;
  EXPECT_EQ(firstBytes(mp4s[0], 8).substr(4), "ftyp");
}

TEST_F(CliTest, NoWaitPrintsTheJobIdsAndSavesNothing) {
  const auto out = folder_ / "none";
  const CliResult result = run({"image", "a red fox", "--no-wait", "--out", out.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> lines;
  std::istringstream text(result.out);
  for (std::string line; std::getline(text, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 4u) << result.out;
  for (const auto& line : lines) EXPECT_EQ(line.rfind('j', 0), 0u) << line;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST_F(CliTest, JsonOutputParsesAndListsTheSavedFiles) {
  const CliResult result = run({"--json", "image", "a red fox", "--out", folder_.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto document = nlohmann::json::parse(result.out);  // the whole stdout, nothing else
  ASSERT_EQ(document.at("jobs").size(), 4u);
  ASSERT_EQ(document.at("files").size(), 4u);
  for (const auto& file : document.at("files")) {
    EXPECT_TRUE(std::filesystem::exists(file.get<std::string>())) << file;
  }
  for (const auto& job : document.at("jobs")) {
    EXPECT_EQ(job.at("status"), "completed");
    EXPECT_EQ(job.at("files").size(), 1u);
  }
}

TEST_F(CliTest, FailedJobExitsThree) {
  const CliResult result = run({"video", "a red fox [mock:fail]", "--out", folder_.string()});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_NE(result.err.find("failed"), std::string::npos) << result.err;
  EXPECT_TRUE(filesWith(folder_, ".mp4").empty());
}

}  // namespace
}  // namespace useapi::luma::testing
