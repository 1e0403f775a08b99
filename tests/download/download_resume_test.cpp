// A transfer cut midway goes on where it stopped when the server offers ranges (Range +
// If-Range, a 206 appended to the saved bytes), and starts over when it does not; either way the
// saved file holds exactly the served bytes, or nothing is saved when the server's sizes
// disagree. The resumption shows in on_resume, the progress and the logger.

#include <gmock/gmock.h>
#include <httplib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "mock/blob_content.hpp"
#include "support/mock_api_test.hpp"
#include "support/scripted_server.hpp"
#include "support/temp_folder.hpp"
#include "useapi/luma.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// What a download reported: its resumptions, its progress and the client's log lines.
struct Observed {
  std::mutex mutex;
  std::vector<std::uint64_t> resumed_at;
  std::vector<std::uint64_t> progress;
  std::string log;

  DownloadOptions options() {
    DownloadOptions options;
    options.on_resume = [this](std::uint64_t offset, std::optional<std::uint64_t>) {
      std::lock_guard<std::mutex> lock(mutex);
      resumed_at.push_back(offset);
    };
    options.progress = [this](std::uint64_t done, std::optional<std::uint64_t>) {
      std::lock_guard<std::mutex> lock(mutex);
      progress.push_back(done);
    };
    return options;
  }
  void logInto(ClientOptions& options) {
    options.logger = [this](LogLevel, std::string_view line) {
      std::lock_guard<std::mutex> lock(mutex);
      log.append(line).append("\n");
    };
  }
  std::string logText() {
    std::lock_guard<std::mutex> lock(mutex);
    return log;
  }
  std::vector<std::uint64_t> resumptions() {
    std::lock_guard<std::mutex> lock(mutex);
    return resumed_at;
  }
  std::uint64_t lastProgress() {
    std::lock_guard<std::mutex> lock(mutex);
    return progress.empty() ? 0 : progress.back();
  }
  // Whether progress never went back (a resumed transfer goes on from the bytes kept).
  bool progressOnlyGrew() {
    std::lock_guard<std::mutex> lock(mutex);
    return std::is_sorted(progress.begin(), progress.end());
  }
};

// --- against luma-mock: its media routes offer ranges, a fault cuts an answer ---

class CutDownload : public MockApiTest {
 protected:
  std::chrono::milliseconds jobDuration() const override { return 100ms; }

  mock::Fault cutAfter(const std::string& route, std::uint64_t bytes) const {
    mock::Fault cut;
    cut.route = route;
    cut.status = 0;  // the route's own answer, cut
    cut.truncate_after_bytes = bytes;
    return cut;
  }

  TempFolder temp_{"luma-download-resume"};
};

TEST_F(CutDownload, ACutBlobResumesAndItsBytesAreTheServedOnes) {
  constexpr std::uint64_t kSize = 3'000'000;
  constexpr std::uint64_t kCut = 1'000'000;
  Observed observed;
  ClientOptions options = clientOptions();
  observed.logInto(options);
  Client client(options);
  server_->queueFault(cutAfter("GET /media/blob/", kCut));
  const fs::path dest = temp_.path() / "blob.bin";

  const std::uint64_t bytes = client.download(
      origin() + "/media/blob/" + std::to_string(kSize) + ".bin", dest, observed.options());

  EXPECT_EQ(server_->firedFaults().size(), 1u) << "the first answer was cut";
  EXPECT_EQ(bytes, kSize);
  const std::string saved = readFile(dest);
  ASSERT_EQ(saved.size(), kSize);
  std::string served(kSize, '\0');
  for (std::uint64_t i = 0; i < kSize; ++i) served[i] = static_cast<char>(mock::blobByte(i));
  EXPECT_TRUE(saved == served) << "the resumed file differs from the served bytes";
  const std::vector<std::uint64_t> resumed_at = observed.resumptions();
  ASSERT_EQ(resumed_at.size(), 1u) << "one resumption, reported to on_resume";
  EXPECT_GT(resumed_at[0], 0u);
  EXPECT_LE(resumed_at[0], kCut);
  EXPECT_TRUE(observed.progressOnlyGrew()) << "progress goes on from the bytes kept";
  EXPECT_EQ(observed.lastProgress(), kSize);
  EXPECT_THAT(observed.logText(), HasSubstr("resumed at byte " + std::to_string(resumed_at[0])));
}

TEST_F(CutDownload, ACutVideoOfAJobResumesToTheBytesOfAnUncutDownload) {
  Observed observed;
  Client client(clientOptions());
  const Job job = client.awaitJob(client.generateVideo(videoRequest()).jobid, fastPolling());
  const fs::path uncut_folder = temp_.path() / "uncut";
  const fs::path cut_folder = temp_.path() / "cut";
  const std::string uncut = readFile(client.downloadMedia(job, uncut_folder).at(0));
  ASSERT_GT(uncut.size(), 4000u) << "a video long enough to cut";

  server_->queueFault(cutAfter("GET /media/", 3000));
  const std::vector<fs::path> saved = client.downloadMedia(job, cut_folder, observed.options());

  EXPECT_EQ(server_->firedFaults().size(), 1u);
  const std::vector<std::uint64_t> resumed_at = observed.resumptions();
  ASSERT_EQ(resumed_at.size(), 1u) << "the cut video resumed";
  EXPECT_LE(resumed_at[0], 3000u);
  EXPECT_TRUE(readFile(saved.at(0)) == uncut) << "the resumed video differs from the uncut one";
}

// --- against small hostile servers: what luma-mock does not do ---

// The served file: bytes that differ at every offset a resumption may get wrong.
std::string servedFile(std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 131 + i / 251) & 0xff);
  return bytes;
}

// How a hostile server answers after it cut its first answer.
enum class Second {
  RestOfFile,      ///< The range asked for (206), as a CDN does.
  WholeFileAgain,  ///< A 200 with the whole file, ignoring the Range.
  ShortPart,       ///< A 206 of the right start but fewer bytes than its total says.
};

struct Case {
  const char* what;
  bool offer_ranges;     ///< The first answer says Accept-Ranges: bytes.
  std::string etag;      ///< Its ETag ("" none).
  std::string modified;  ///< Its Last-Modified ("" none).
  Second second;
  bool resumes;          ///< Expected: on_resume is called.
  std::string if_range;  ///< Expected If-Range of the second request ("" none sent).
  const char* error;     ///< Expected error text; null: the whole file is saved.
};

constexpr std::size_t kFileSize = 600'000;
constexpr std::size_t kCutAt = 200'000;

TEST(HostileResume, EachServerGetsTheServedBytesOrNothing) {
  const std::string file = servedFile(kFileSize);
  const std::vector<Case> cases = {
      {"ranges and a strong ETag: resumed", true, "\"v1\"", "", Second::RestOfFile, true, "\"v1\"",
       nullptr},
      {"ranges and only Last-Modified: resumed", true, "", "Sat, 05 Dec 2026 10:00:00 GMT",
       Second::RestOfFile, true, "Sat, 05 Dec 2026 10:00:00 GMT", nullptr},
      {"no Accept-Ranges: starts over", false, "\"v1\"", "", Second::WholeFileAgain, false, "",
       nullptr},
      {"only a weak ETag: starts over", true, "W/\"v1\"", "", Second::WholeFileAgain, false, "",
       nullptr},
      {"a 200 to the Range request: starts over", true, "\"v1\"", "", Second::WholeFileAgain, false,
       "\"v1\"", nullptr},
      {"a 206 shorter than its total: nothing saved", true, "\"v1\"", "", Second::ShortPart, true,
       "\"v1\"", "announced a file of 600000 bytes"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    std::mutex mutex;
    std::vector<std::pair<std::string, std::string>> asked;  // Range, If-Range of each request
    ScriptedServer server([&](httplib::Server& http) {
      http.Get("/file.bin", [&](const httplib::Request& req, httplib::Response& res) {
        std::size_t request_number = 0;
        {
          std::lock_guard<std::mutex> lock(mutex);
          asked.emplace_back(req.get_header_value("Range"), req.get_header_value("If-Range"));
          request_number = asked.size();
        }
        if (c.offer_ranges) res.set_header("Accept-Ranges", "bytes");
        if (!c.etag.empty()) res.set_header("ETag", c.etag);
        if (!c.modified.empty()) res.set_header("Last-Modified", c.modified);
        // cpp-httplib answers a Range by itself; a server that ignores it answers whole.
        auto& ranges = const_cast<httplib::Request&>(req).ranges;
        if (request_number == 1) {
          ranges.clear();
          res.set_content_provider(
              kFileSize, "application/octet-stream",
              [&file](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                if (offset >= kCutAt) return false;  // cut: connection closed
                return sink.write(file.data() + offset, std::min(length, kCutAt - offset));
              });
          return;
        }
        if (c.second == Second::ShortPart && req.has_header("Range")) {
          ranges.clear();
          const std::size_t from = std::stoul(req.get_header_value("Range").substr(6));
          res.status = 206;
          res.set_header("Content-Range", "bytes " + std::to_string(from) + "-" +
                                              std::to_string(from + 9) + "/" +
                                              std::to_string(kFileSize));
          res.set_content(file.substr(from, 10), "application/octet-stream");
          return;
        }
        if (c.second == Second::WholeFileAgain) ranges.clear();
        res.set_content(file, "application/octet-stream");
      });
    });
    Observed observed;
    ClientOptions options;
    options.api_token = "resume-test-token";
    options.base_url = "http://127.0.0.1:9/v1/luma";  // never called
    options.retry.initial_backoff = 10ms;
    observed.logInto(options);
    Client client(options);
    TempFolder temp("luma-hostile-resume");
    const fs::path dest = temp.path() / "file.bin";

    if (c.error == nullptr) {
      EXPECT_EQ(client.download(server.origin() + "/file.bin", dest, observed.options()),
                kFileSize);
      EXPECT_TRUE(readFile(dest) == file) << "the saved file differs from the served one";
    } else {
      try {
        client.download(server.origin() + "/file.bin", dest, observed.options());
        ADD_FAILURE() << "expected an error";
      } catch (const TransportError& error) {
        EXPECT_THAT(error.what(), HasSubstr(c.error));
      }
      EXPECT_FALSE(fs::exists(dest)) << "nothing is saved";
      EXPECT_TRUE(fs::is_empty(temp.path())) << "no part file is left";
    }
    std::vector<std::pair<std::string, std::string>> seen;
    {
      std::lock_guard<std::mutex> lock(mutex);
      seen = asked;
    }
    ASSERT_GE(seen.size(), 2u) << "the cut answer was asked again";
    EXPECT_EQ(seen[0].first, "") << "the first request asks for the whole file";
    const bool ranged = !c.if_range.empty();
    EXPECT_EQ(seen[1].first.empty(), !ranged) << "Range: " << seen[1].first;
    if (ranged) {
      EXPECT_EQ(seen[1].first.rfind("bytes=", 0), 0u);
    }
    EXPECT_EQ(seen[1].second, c.if_range);
    EXPECT_EQ(observed.resumptions().empty(), !c.resumes);
    if (c.resumes) {
      EXPECT_THAT(observed.logText(), HasSubstr("resumed at byte"));
    } else if (ranged) {
      EXPECT_THAT(observed.logText(), HasSubstr("starting over"));
    }
  }
}

TEST(HostileResume, AnOnResumeThatThrowsStopsTheTransferAndSavesNothing) {
  const std::string file = servedFile(kFileSize);
  std::mutex mutex;
  int requests = 0;
  ScriptedServer server([&](httplib::Server& http) {
    http.Get("/file.bin", [&](const httplib::Request& req, httplib::Response& res) {
      int number = 0;
      {
        std::lock_guard<std::mutex> lock(mutex);
        number = ++requests;
      }
      res.set_header("Accept-Ranges", "bytes");
      res.set_header("ETag", "\"v1\"");
      if (number == 1) {
        const_cast<httplib::Request&>(req).ranges.clear();
        res.set_content_provider(
            kFileSize, "application/octet-stream",
            [&file](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
              if (offset >= kCutAt) return false;
              return sink.write(file.data() + offset, std::min(length, kCutAt - offset));
            });
        return;
      }
      res.set_content(file, "application/octet-stream");  // cpp-httplib answers the Range
    });
  });
  ClientOptions options;
  options.api_token = "resume-test-token";
  options.base_url = "http://127.0.0.1:9/v1/luma";  // never called
  options.retry.initial_backoff = 10ms;
  Client client(options);
  TempFolder temp("luma-hostile-resume");
  const fs::path dest = temp.path() / "file.bin";
  DownloadOptions stopping;
  stopping.on_resume = [](std::uint64_t, std::optional<std::uint64_t>) {
    throw std::runtime_error("stop at the resumption");
  };

  EXPECT_THROW(
      {
        try {
          client.download(server.origin() + "/file.bin", dest, stopping);
        } catch (const std::runtime_error& error) {
          EXPECT_STREQ(error.what(), "stop at the resumption");
          throw;
        }
      },
      std::runtime_error);
  {
    std::lock_guard<std::mutex> lock(mutex);
    EXPECT_EQ(requests, 2) << "the transfer resumed once, then stopped";
  }
  EXPECT_FALSE(fs::exists(dest));
  EXPECT_TRUE(fs::is_empty(temp.path())) << "no part file is left";
}

}  // namespace
}  // namespace useapi::luma::testing
