// testing::MockServer's expiring media URLs (MockServerOptions::media_ttl_seconds), through the
// public API: a job read hands out URLs that expire, and Client::downloadMedia() still saves
// the media of a job whose URLs have expired.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>

#include "useapi/luma.hpp"
#include "useapi/luma/testing/mock_server.hpp"

namespace useapi::luma {
namespace {

using namespace std::chrono_literals;
using testing::MockServer;
using testing::MockServerOptions;
namespace fs = std::filesystem;

VideoRequest fox() {
  VideoRequest request;
  request.prompt = "a fox";
  return request;
}

TEST(MockServerMedia, ExpiredMediaUrlsAreRefusedAndDownloadMediaRenewsThem) {
  MockServerOptions options;
  options.job_seconds = 0.05;
  options.media_ttl_seconds = 0.2;
  MockServer server(options);
  Client client(server.clientOptions());
  const Job job = client.awaitJob(client.generateVideo(fox()).jobid, server.pollOptions());
  ASSERT_TRUE(job.video);
  EXPECT_NE(client.getJob(job.jobid).video->url, job.video->url) << "fresh URLs on each read";
  std::this_thread::sleep_for(300ms);
  const fs::path folder = fs::temp_directory_path() / ("luma-kit-media-" + job.jobid.substr(0, 20));

  fs::create_directories(folder);
  EXPECT_THROW(client.download(job.video->url, folder / "bare.mp4"), ApiError);
  const auto saved = client.downloadMedia(job, folder);

  EXPECT_EQ(saved.size(), 3u);
  for (const fs::path& file : saved) EXPECT_GT(fs::file_size(file), 0u) << file;
  fs::remove_all(folder);
}

TEST(MockServerMedia, AMediaTtlOutOfRangeIsRefused) {
  for (const double seconds : {0.0, -1.0, 90000.0}) {
    MockServerOptions options;
    options.media_ttl_seconds = seconds;
    EXPECT_THROW(MockServer{options}, std::invalid_argument) << seconds;
  }
}

}  // namespace
}  // namespace useapi::luma
