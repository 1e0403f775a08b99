// End to end with the seed pages' literal ids: the library and the `luma` CLI against a server
// that answers exactly as the docs show. The 4 image jobs of a batch share everything before the
// first '-' of their ids; each paid image must still end up in a file of its own.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "cli/cli_process.hpp"
#include "e2e/documented_server.hpp"
#include "support/temp_folder.hpp"
#include "useapi/luma.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The contents of every regular file in `folder`, with their names.
std::map<std::string, std::string> filesIn(const fs::path& folder) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.is_regular_file()) files[entry.path().filename().string()] = readFile(entry.path());
  }
  return files;
}

// Checks that `files` holds each of the 4 seed images exactly once, each in a file of its own.
void expectEachSeedImageOnce(const std::map<std::string, std::string>& files) {
  std::multiset<std::string> contents;
  for (const auto& [name, bytes] : files) contents.insert(bytes);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(contents.count(DocumentedServer::mediaBytes(i)), 1U) << "image job " << i;
  }
}

ClientOptions optionsFor(const DocumentedServer& server) {
  ClientOptions options;
  options.api_token = "seed-token";
  options.base_url = server.baseUrl();
  return options;
}

PollOptions quickPolls() {
  PollOptions poll;
  poll.initial_interval = std::chrono::milliseconds(10);
  poll.timeout = std::chrono::seconds(20);
  return poll;
}

TEST(SeedLiteralIds, EachImageOfTheDocumentedBatchIsSavedInAFileOfItsOwn) {
  DocumentedServer server;
  Client client(optionsFor(server));
  ImageRequest request;
  request.prompt = "A photorealistic portrait of an astronaut on Mars";
  request.model = ImageModel::PhotonV2;
  request.resolution = Resolution::P1080;
  request.aspect_ratio = AspectRatio::R16x9;

  const ImageBatch batch = client.generateImages(request);
  EXPECT_EQ(batch.jobid, seed::kImageBatchParentId);
  ASSERT_EQ(batch.jobids,
            std::vector<std::string>(seed::kImageJobIds.begin(), seed::kImageJobIds.end()));

  TempFolder folder("seed-images");
  std::vector<fs::path> written;
  for (const Job& job : client.awaitJobs(batch.jobids, quickPolls())) {
    ASSERT_EQ(job.status, JobStatus::Completed) << job.jobid;
    for (auto& path : client.downloadMedia(job, folder.path())) written.push_back(path);
  }

  EXPECT_EQ(std::set<fs::path>(written.begin(), written.end()).size(), 4U);
  const auto files = filesIn(folder.path());
  EXPECT_EQ(files.size(), 4U);
  expectEachSeedImageOnce(files);
  for (const auto& [name, bytes] : files) {
    EXPECT_EQ(fs::path(name).extension(), ".png") << name;
  }
  EXPECT_EQ(server.counts()["POST /images"], 1);
}

TEST(SeedLiteralIds, TheDocumentedVideoIsSavedAsAnMp4) {
  DocumentedServer server;
  Client client(optionsFor(server));
  VideoRequest request;
  request.prompt = "A serene mountain landscape at sunset with camera slowly panning right";
  request.resolution = Resolution::P720;

  const Job created = client.generateVideo(request);
  ASSERT_EQ(created.jobid, seed::kVideoJobId);
  const Job done = client.awaitJob(created.jobid, quickPolls());
  TempFolder folder("seed-video");
  const auto written = client.downloadMedia(done, folder.path());

  ASSERT_EQ(written.size(), 1U);
  EXPECT_EQ(written[0].extension(), ".mp4");
  EXPECT_EQ(readFile(written[0]), DocumentedServer::mediaBytes(4));
}

TEST(SeedLiteralIds, TheCliSavesTheFourImagesOfTheDocumentedBatch) {
  DocumentedServer server;
  TempFolder folder("seed-cli");
  TempFolder state("seed-cli-state");  // luma's journal: never in the real home
  CliProcess process(
      LUMA_CLI_PATH,
      {"--poll-interval", "20", "image", "A photorealistic portrait of an astronaut on Mars",
       "--out", folder.path().string()},
      {{"USEAPI_TOKEN", "seed-token"},
       {"USEAPI_LUMA_BASE_URL", server.baseUrl()},
       {"XDG_STATE_HOME", state.path().string()}});
  const CliResult result = process.finish();

  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto files = filesIn(folder.path());
  EXPECT_EQ(files.size(), 4U) << result.out;
  expectEachSeedImageOnce(files);
  // Every image job is named in full, so that the user can ask for it again.
  for (const auto& jobid : seed::kImageJobIds) {
    EXPECT_NE((result.out + result.err).find(jobid), std::string::npos) << jobid;
  }
}

}  // namespace
}  // namespace useapi::luma::testing
