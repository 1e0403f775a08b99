// A job's media URLs expire as a CDN's signed links do: downloadMedia() re-reads the job for
// fresh ones and saves the same bytes, on the real connection and on the default (Connection
// seam) path alike; download() of a bare expired URL says that it cannot.

#include <gmock/gmock.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/mock_api_test.hpp"
#include "support/temp_folder.hpp"
#include "useapi/luma.hpp"
#include "useapi/luma/connection.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr auto kMediaTtl = 300ms;

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// What a GET of `url` answers: its status and body.
std::pair<int, std::string> fetch(const std::string& url) {
  const std::size_t path_start = url.find('/', url.find("://") + 3);
  httplib::Client http(url.substr(0, path_start));
  const auto result = http.Get(url.substr(path_start));
  if (!result) return {0, ""};
  return {result->status, result->body};
}

// Forwards the API calls and download() to a real connection, leaving downloadMedia() to the
// Connection class's default: the path a Connection of the user's own takes.
class ForwardingConnection final : public Connection {
 public:
  explicit ForwardingConnection(std::shared_ptr<Connection> inner) : inner_(std::move(inner)) {}
  Job generateVideo(const VideoRequest& request) override { return inner_->generateVideo(request); }
  Job getJob(const std::string& jobid) override {
    ++job_reads;
    return inner_->getJob(jobid);
  }
  std::uint64_t download(const std::string& url, const fs::path& dest,
                         const DownloadOptions& options) override {
    return inner_->download(url, dest, options);
  }
  int job_reads = 0;

 private:
  std::shared_ptr<Connection> inner_;
};

class MediaUrlRefresh : public MockApiTest {
 protected:
  mock::MockOptions mockOptions() const override {
    mock::MockOptions options = MockApiTest::mockOptions();
    options.media_ttl = kMediaTtl;
    return options;
  }
  std::chrono::milliseconds jobDuration() const override { return 100ms; }

  // A completed video job read once, and then left until its URLs have expired.
  Job expiredVideoJob(Client& client) {
    const Job created = client.generateVideo(videoRequest());
    Job done = client.awaitJob(created.jobid, fastPolling());
    EXPECT_EQ(fetch(done.video->url).first, 200) << "a URL just handed out is good";
    std::this_thread::sleep_for(kMediaTtl + 100ms);
    EXPECT_EQ(fetch(done.video->url).first, 403) << "the mock must expire the URL";
    return done;
  }

  TempFolder temp_{"luma-media-refresh"};
};

TEST_F(MediaUrlRefresh, AnExpiredUrlIsRenewedFromItsJobAndTheFreshBytesAreSaved) {
  std::mutex mutex;
  std::vector<std::string> lines;
  ClientOptions options = clientOptions();
  options.logger = [&](LogLevel, std::string_view line) {
    std::lock_guard<std::mutex> lock(mutex);
    lines.emplace_back(line);
  };
  Client client(options);
  const Job job = expiredVideoJob(client);
  const std::size_t reads_before = received("GET", "/jobs/" + job.jobid).size();

  const std::vector<fs::path> saved = client.downloadMedia(job, temp_.path());

  ASSERT_EQ(saved.size(), 3u) << "video, thumbnail and last frame";
  const Job fresh = client.getJob(job.jobid);
  EXPECT_NE(fresh.video->url, job.video->url) << "each read hands out a URL of its own";
  const auto [status, served] = fetch(fresh.video->url);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(readFile(saved[0]), served) << "the saved video is the one its fresh URL serves";
  EXPECT_GE(received("GET", "/jobs/" + job.jobid).size(), reads_before + 3 + 1)
      << "one GET /jobs/{jobid} per expired file, through the same connection";
  std::lock_guard<std::mutex> lock(mutex);
  std::string log;
  for (const std::string& line : lines) log += line + "\n";
  EXPECT_THAT(log, HasSubstr("answered 403"));
}

TEST_F(MediaUrlRefresh, TheDefaultMediaDownloadOfAConnectionRenewsToo) {
  auto forwarding = std::make_shared<ForwardingConnection>(makeConnection(clientOptions()));
  Client client(forwarding);
  const Job job = expiredVideoJob(client);
  const int reads_before = forwarding->job_reads;

  const std::vector<fs::path> saved = client.downloadMedia(job, temp_.path());

  ASSERT_EQ(saved.size(), 3u);
  EXPECT_EQ(forwarding->job_reads, reads_before + 3) << "getJob() once per expired file";
  const auto [status, served] = fetch(client.getJob(job.jobid).video->url);
  ASSERT_EQ(status, 200);
  EXPECT_EQ(readFile(saved[0]), served);
}

TEST_F(MediaUrlRefresh, ABareExpiredUrlFailsSayingDownloadMediaWouldRenewIt) {
  Client client(clientOptions());
  const Job job = expiredVideoJob(client);
  const fs::path dest = temp_.path() / "video.mp4";

  try {
    client.download(job.video->url, dest);
    FAIL() << "an expired URL cannot be downloaded";
  } catch (const ApiError& error) {
    EXPECT_EQ(error.status(), 403);
    EXPECT_THAT(error.what(), HasSubstr("answered 403"));
    EXPECT_THAT(error.what(), HasSubstr("downloadMedia"));
  }
  EXPECT_FALSE(fs::exists(dest));
}

TEST_F(MediaUrlRefresh, AUrlStillRefusedAfterTwoFreshOnesFailsNamingTheJob) {
  Client client(clientOptions());
  const Job job = expiredVideoJob(client);
  mock::Fault refused = fault("GET /media/", 410, R"({"error":"Gone"})", 3);

  server_->queueFault(refused);
  try {
    client.downloadMedia(job, temp_.path());
    FAIL() << "every URL was refused";
  } catch (const ApiError& error) {
    EXPECT_EQ(error.status(), 410);
    EXPECT_THAT(error.what(), HasSubstr(job.jobid));
    EXPECT_THAT(error.what(), HasSubstr("after 2 fresh URLs"));
  }
  EXPECT_TRUE(fs::is_empty(temp_.path())) << "nothing saved";
}

}  // namespace
}  // namespace useapi::luma::testing
