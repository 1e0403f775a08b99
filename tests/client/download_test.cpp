// Downloads stream to a temporary file renamed into place; failures leave nothing behind.

#include <gmock/gmock.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include "mock/blob_content.hpp"
#include "support/mock_api_test.hpp"
#include "support/temp_folder.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;

class Download : public MockApiTest {
 protected:
  std::vector<std::string> filesInFolder() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder_)) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

  static std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  TempFolder temp_{"luma-download"};
  const fs::path& folder_ = temp_.path();
};

TEST_F(Download, CompletedVideoIsSavedWithProgress) {
  Client client(clientOptions());
  const Job job = client.awaitJob(client.generateVideo(videoRequest()).jobid, fastPolling());
  ASSERT_TRUE(job.video);

  std::uint64_t last_done = 0;
  std::optional<std::uint64_t> last_total;
  int calls = 0;
  const fs::path dest = folder_ / "video.mp4";
  const std::uint64_t bytes = client.download(
      job.video->url, dest, [&](std::uint64_t done, std::optional<std::uint64_t> total) {
        EXPECT_GE(done, last_done) << "progress went backwards";
        last_done = done;
        last_total = total;
        ++calls;
      });

  EXPECT_EQ(bytes, fs::file_size(dest));
  EXPECT_GT(bytes, 100000u);
  EXPECT_GE(calls, 1);
  EXPECT_EQ(last_done, bytes);
  ASSERT_TRUE(last_total);
  EXPECT_EQ(*last_total, bytes);
  EXPECT_EQ(readFile(dest).substr(4, 4), "ftyp");
  EXPECT_THAT(filesInFolder(), ::testing::ElementsAre("video.mp4")) << "a temporary file remains";
}

TEST_F(Download, CompletedImageIsARealPng) {
  Client client(clientOptions());
  ImageRequest request;
  request.prompt = "a picture";
  const auto jobs = client.awaitJobs(client.generateImages(request).jobids, fastPolling());
  const fs::path dest = folder_ / "image.png";
  client.download(jobs.front().image->url, dest);
  EXPECT_EQ(readFile(dest).substr(0, 8), "\x89PNG\r\n\x1a\n");
}

TEST_F(Download, FailedDownloadLeavesNothingAndKeepsAnExistingFile) {
  Client client(clientOptions());
  const fs::path dest = folder_ / "keep.bin";
  std::ofstream(dest) << "previous content";

  const std::string missing =
      server_->baseUrl().substr(0, server_->baseUrl().find("/v1")) + "/media/999999/video.mp4";
  EXPECT_THROW(client.download(missing, dest), NotFoundError);
  EXPECT_EQ(readFile(dest), "previous content");

  const fs::path fresh = folder_ / "fresh.bin";
  EXPECT_THROW(client.download(missing, fresh), NotFoundError);
  EXPECT_FALSE(fs::exists(fresh));
  EXPECT_THAT(filesInFolder(), ::testing::ElementsAre("keep.bin"));
}

TEST_F(Download, TransferCutMidwayLeavesNothingBehind) {
  ClientOptions options = clientOptions();
  options.retry.max_attempts = 3;
  Client client(options);
  mock::Fault cut = fault("GET /media/", 0, "", 3);
  cut.truncate_after_bytes = 100000;
  server_->queueFault(cut);

  const fs::path dest = folder_ / "blob.bin";
  std::uint64_t most = 0;
  EXPECT_THROW(client.download(origin() + "/media/blob/1000000.bin", dest,
                               [&](std::uint64_t done, auto) { most = std::max(most, done); }),
               TransportError);
  EXPECT_FALSE(fs::exists(dest));
  EXPECT_TRUE(filesInFolder().empty()) << "a temporary file remains";
  EXPECT_EQ(server_->firedFaults().size(), 3u) << "each attempt was cut";

  // A retry after a cut starts the file again: the final file is whole and exact.
  cut.times = 1;
  server_->queueFault(cut);
  EXPECT_EQ(client.download(origin() + "/media/blob/1000000.bin", dest), 1000000u);
  EXPECT_EQ(fs::file_size(dest), 1000000u);
}

// Bytes of `file` that differ from the mock's blob pattern, or -1 when its size is not `size`.
std::int64_t blobMismatches(const fs::path& file, std::uint64_t size) {
  if (fs::file_size(file) != size) return -1;
  std::ifstream in(file, std::ios::binary);
  std::int64_t mismatches = 0;
  std::uint64_t offset = 0;
  for (char byte = 0; in.get(byte); ++offset) {
    if (static_cast<unsigned char>(byte) != mock::blobByte(offset)) ++mismatches;
  }
  return mismatches;
}

// 20 MB crosses the 8 MiB steps at which a durable download hands its bytes to the disk; a cut
// past the first step restarts the file, and the retry must still write it whole and exact.
TEST_F(Download, LargeFilesAreExactWithAndWithoutDurability) {
  constexpr std::uint64_t kBytes = 20000000;
  const std::string url = origin() + "/media/blob/" + std::to_string(kBytes) + ".bin";
  for (const bool durable : {true, false}) {
    SCOPED_TRACE(durable ? "durable_downloads" : "durable_downloads = false");
    ClientOptions options = clientOptions();
    options.durable_downloads = durable;
    options.retry.max_attempts = 2;
    Client client(options);
    mock::Fault cut = fault("GET /media/", 0, "", 1);
    cut.truncate_after_bytes = 9000000;
    server_->queueFault(cut);

    const fs::path dest = folder_ / (durable ? "durable.bin" : "cached.bin");
    EXPECT_EQ(client.download(url, dest), kBytes);
    EXPECT_EQ(server_->firedFaults().size(), 1u) << "the first attempt was cut";
    EXPECT_EQ(blobMismatches(dest, kBytes), 0);
    server_->clearFaults();
  }
  EXPECT_EQ(filesInFolder().size(), 2u) << "only the two downloads, no temporary file";
}

TEST_F(Download, EveryMediaFileOfAJobIsSavedWithSensibleNames) {
  Client client(clientOptions());
  VideoRequest request = videoRequest();
  request.resolution = Resolution::P720;
  request.dynamic_range = DynamicRange::HdrExr;
  const Job job = client.awaitJob(client.generateVideo(request).jobid, fastPolling());
  const auto written = client.downloadMedia(job, folder_ / "media");
  std::vector<std::string> names;
  names.reserve(written.size());
  for (const auto& path : written) names.push_back(path.filename().string());
  // "<whole id made safe>_<hash>_<kind>.<ext>", the extension from the kind and the content.
  using ::testing::AllOf;
  using ::testing::EndsWith;
  using ::testing::StartsWith;
  const std::string id = job.jobid.substr(0, job.jobid.find(':'));  // the part kept as it is
  EXPECT_THAT(names, ::testing::UnorderedElementsAre(
                         AllOf(StartsWith(id), EndsWith("_video.mp4")),
                         AllOf(StartsWith(id), EndsWith("_thumbnail.png")),
                         AllOf(StartsWith(id), EndsWith("_last_frame.png")),
                         AllOf(StartsWith(id), EndsWith("_video_hdr_exr.zip"))));
  for (const auto& path : written) EXPECT_GT(fs::file_size(path), 0u) << path;
}

TEST_F(Download, UnwritableDestinationIsAClearError) {
  Client client(clientOptions());
  const Job job = client.awaitJob(client.generateVideo(videoRequest()).jobid, fastPolling());
  try {
    client.download(job.video->url, folder_ / "no-such-folder" / "video.mp4");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("no-such-folder"));
  }
  EXPECT_THROW(client.download("not a url", folder_ / "x"), Error);
}

}  // namespace
}  // namespace useapi::luma::testing
