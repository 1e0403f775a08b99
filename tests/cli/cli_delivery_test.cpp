// What luma image/video/job wait deliver: a file per medium, saved the moment its job is final,
// one failed file never stopping the others, and an end that names every saved file and every
// failure.

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/cli_test_fixture.hpp"
#include "cli/scripted_api.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;

std::string contentOf(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The issue's first "done when": 4 paid images, 4 files, none overwriting another. The names
// are the library's (downloadMedia): the test only lists the folder.
TEST_F(CliTest, ImageLeavesFourDistinctImageFiles) {
  const CliResult result = run({"image", "a red fox", "--out", folder_.string()});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto images = imageFilesIn(folder_);
  EXPECT_EQ(images.size(), 4u) << result.out;
  EXPECT_NE(result.out.find("saved 4 files in " + folder_.string()), std::string::npos)
      << result.out;
  for (const auto& image : images) {
    EXPECT_NE(result.out.find(image.string()), std::string::npos) << image << result.out;
  }
}

// The seed page's own ids (docs/generate-images): parent and children share everything before
// the first '-', and the e-mail is the page's "[email protected]".
const char* const kSeedParent =
    "j0326140530123456789i-u12345-email:[email protected]:a1b2c3d4-e5f6-7890-abcd-ef1234567890-"
    "bot:luma";
const char* const kSeedImages[] = {
    "j0326140530123456789i-u12345-email:[email protected]:b2c3d4e5-f6a7-8901-bcde-f23456789012-"
    "bot:luma",
    "j0326140530123456789i-u12345-email:[email protected]:c3d4e5f6-a7b8-9012-cdef-345678901234-"
    "bot:luma",
    "j0326140530123456789i-u12345-email:[email protected]:d4e5f6a7-b890-1234-defa-456789012345-"
    "bot:luma",
    "j0326140530123456789i-u12345-email:[email protected]:e5f6a7b8-9012-3456-efab-567890123456-"
    "bot:luma"};

// A PNG's first bytes followed by `tag`: distinct content per picture.
std::string pngWith(const std::string& tag) { return std::string("\x89PNG\r\n\x1a\n", 8) + tag; }

TEST_F(CliTest, ImageBatchWithTheSeedPagesIdsLeavesFourDistinctFiles) {
  ScriptedApi api;
  nlohmann::json batch = {{"jobid", kSeedParent}, {"jobids", kSeedImages},
                          {"type", "image"},      {"status", "created"},
                          {"count", 4},           {"created", "2026-03-26T14:05:30.123Z"}};
  api.answerCreation("images", batch.dump());
  for (int i = 0; i < 4; ++i) {
    const std::string name = "picture" + std::to_string(i) + ".png";
    api.answerMedia(name, pngWith(name), "image/png");
    api.answerJob(kSeedImages[i], nlohmann::json({{"jobid", kSeedImages[i]},
                                                  {"type", "image"},
                                                  {"status", "completed"},
                                                  {"created", "2026-03-26T14:05:30.123Z"},
                                                  {"updated", "2026-03-26T14:05:52.456Z"},
                                                  {"response",
                                                   {{"image",
                                                     {{"media_type", "image"},
                                                      {"url", api.origin() + "/media/" + name},
                                                      {"width", 1344},
                                                      {"height", 768}}}}}})
                                      .dump());
  }
  const fs::path out = folder_ / "seed";
  const CliResult result =
      CliProcess(LUMA_CLI_PATH,
                 {"--poll-interval", "50", "image", "a red fox", "--out", out.string()},
                 environmentAt(api.baseUrl()))
          .finish();
  const auto images = imageFilesIn(out);
  std::set<std::string> contents;
  for (const auto& image : images) contents.insert(contentOf(image));
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(images.size(), 4u) << result.out << result.err;
  EXPECT_EQ(contents.size(), 4u) << "a picture overwrote another";
  for (const char* id : kSeedImages) {
    EXPECT_NE(result.out.find(id), std::string::npos) << "the whole id is printed: " << id;
  }
}

// The seed's ids hold spaces and brackets: the command printed to wait on them quotes each, so
// that it can be pasted into a shell as it is.
TEST_F(CliTest, IdsInAPrintedCommandAreQuotedForTheShell) {
  ScriptedApi api;
  api.answerCreation("images", nlohmann::json({{"jobid", kSeedParent},
                                               {"jobids", kSeedImages},
                                               {"type", "image"},
                                               {"status", "created"},
                                               {"created", "2026-03-26T14:05:30.123Z"}})
                                   .dump());
  const CliResult result =
      CliProcess(LUMA_CLI_PATH, {"image", "a red fox", "--no-wait"}, environmentAt(api.baseUrl()))
          .finish();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::string command = "luma job wait";
  for (const char* id : kSeedImages) command += std::string(" '") + id + "'";
  EXPECT_NE(result.err.find(command), std::string::npos) << result.err;
  for (const char* id : kSeedImages) {
    EXPECT_NE(result.out.find(std::string(id) + "\n"), std::string::npos) << "one id per line";
  }
}

TEST_F(CliTest, OneFailedFileNeverStopsTheOthers) {
  mock::Fault missing;
  missing.route = "GET /media/";
  missing.status = 404;
  missing.body = R"({"error":"gone"})";
  server_->queueFault(missing);
  const CliResult result = run({"image", "a red fox", "--out", folder_.string()});
  EXPECT_EQ(result.exit_code, 4) << result.out << result.err;
  EXPECT_EQ(imageFilesIn(folder_).size(), 3u) << result.out << result.err;
  EXPECT_NE(result.out.find("saved 3 files in " + folder_.string()), std::string::npos)
      << result.out;
  for (const auto& image : imageFilesIn(folder_)) {
    EXPECT_NE(result.out.find(image.string()), std::string::npos) << result.out;
  }
  // The failure names its job (whole id) and URL, and says how to try again.
  EXPECT_NE(result.err.find("not saved (1)"), std::string::npos) << result.err;
  std::size_t named = 0;
  for (const auto& id : polledJobIds()) {
    if (result.err.find("  job " + id + "  " + server_->baseUrl().substr(0, 16)) !=
        std::string::npos) {
      ++named;
    }
  }
  EXPECT_EQ(named, 1u) << result.err;
  EXPECT_NE(result.err.find("/media/"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("luma job wait "), std::string::npos) << result.err;
}

TEST_F(CliTest, VideoFileThatFailsLeavesItsOtherFilesSaved) {
  mock::Fault missing;  // the video itself, the first of the job's 3 files
  missing.route = "GET /media/";
  missing.status = 404;
  server_->queueFault(missing);
  const CliResult result = run({"video", "a red fox", "--out", folder_.string()});
  EXPECT_EQ(result.exit_code, 4) << result.out << result.err;
  EXPECT_TRUE(filesWith(folder_, ".mp4").empty());
  EXPECT_EQ(filesWith(folder_, ".mp4").size() + imageFilesIn(folder_).size(), 2u)
      << result.out << result.err;
  EXPECT_NE(result.out.find("saved 2 files"), std::string::npos) << result.out;
  EXPECT_NE(result.err.find("not saved (1)"), std::string::npos) << result.err;
}

// One job done, one that never ends: the done one's file is on disk although the wait times
// out, and the end says which job to wait for again.
TEST_F(CliTest, AJobsFilesAreSavedAsSoonAsItIsFinal) {
  ScriptedApi api;
  const std::string done = "j0326140530123456789i-u1-email:a@b.c:done-bot:luma";
  const std::string running = "j0326140530123456789i-u1-email:a@b.c:running-bot:luma";
  api.answerMedia("done.png", pngWith("done"), "image/png");
  api.answerJob(
      done, nlohmann::json({{"jobid", done},
                            {"type", "image"},
                            {"status", "completed"},
                            {"created", "2026-03-26T14:05:30.123Z"},
                            {"response", {{"image", {{"url", api.origin() + "/media/done.png"}}}}}})
                .dump());
  api.answerJob(running, nlohmann::json({{"jobid", running},
                                         {"type", "image"},
                                         {"status", "processing"},
                                         {"created", "2026-03-26T14:05:30.123Z"},
                                         {"response", nullptr}})
                             .dump());
  const fs::path out = folder_ / "first";
  const CliResult result = CliProcess(LUMA_CLI_PATH,
                                      {"--poll-interval", "50", "--timeout", "1", "job", "wait",
                                       running, done, "--out", out.string()},
                                      environmentAt(api.baseUrl()))
                               .finish();
  const auto images = imageFilesIn(out);
  EXPECT_EQ(result.exit_code, 6) << result.out << result.err;
  EXPECT_EQ(images.size(), 1u) << result.out << result.err;
  EXPECT_NE(result.out.find("saved 1 file in"), std::string::npos) << result.out;
  EXPECT_NE(result.err.find("not final yet: " + running), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("luma job wait " + running + " --out"), std::string::npos)
      << result.err;
}

TEST_F(CliTest, JsonListsSavedFilesAndFailures) {
  mock::Fault missing;
  missing.route = "GET /media/";
  missing.status = 404;
  server_->queueFault(missing);
  const CliResult result = run({"--json", "image", "a red fox", "--out", folder_.string()});
  EXPECT_EQ(result.exit_code, 4) << result.err;
  const auto document = nlohmann::json::parse(result.out);
  EXPECT_EQ(document.at("files").size(), 3u);
  ASSERT_EQ(document.at("failures").size(), 1u);
  EXPECT_NE(document["failures"][0].at("url").get<std::string>().find("/media/"),
            std::string::npos);
  EXPECT_FALSE(document["failures"][0].at("jobid").get<std::string>().empty());
}

}  // namespace
}  // namespace useapi::luma::testing
