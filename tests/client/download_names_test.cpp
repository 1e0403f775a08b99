// downloadMedia names each file from the whole job id and the medium's kind and content: the 4
// images of a batch (ids alike up to their uuid) never share a file, a URL never chooses the
// extension, and a file already there is never replaced unless asked.

#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "support/mock_api_test.hpp"
#include "support/scripted_server.hpp"
#include "support/seed_ids.hpp"
#include "support/temp_folder.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::EndsWith;
using ::testing::HasSubstr;

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> namesIn(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  return names;
}

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + "rest of a png";
const std::string kJpeg = "\xff\xd8\xff\xe0 rest of a jpeg";
const std::string kWebp = std::string("RIFF\x10\0\0\0WEBPVP8 ", 16) + "rest of a webp";
const std::string kScript = "#!/bin/sh\necho pwned\n";

class DownloadNames : public MockApiTest {
 protected:
  TempFolder temp_{"luma-download-names"};
  const fs::path& folder_ = temp_.path();
};

TEST_F(DownloadNames, TheFourImagesOfTheSeedBatchBecomeFourFiles) {
  Client client(clientOptions());
  ImageRequest request;
  request.prompt = "A photorealistic portrait of an astronaut on Mars";
  std::vector<Job> jobs = client.awaitJobs(client.generateImages(request).jobids, fastPolling());
  ASSERT_EQ(jobs.size(), seed::kImageJobIds.size());

  std::set<std::string> contents;
  std::vector<fs::path> saved;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    jobs[i].jobid = seed::kImageJobIds[i];  // the real API's ids for the mock's 4 images
    const auto written = client.downloadMedia(jobs[i], folder_);
    ASSERT_EQ(written.size(), 1u);
    EXPECT_THAT(written[0].filename().string(), EndsWith("_image.png"));
    // The file is named from the whole id: its uuid, which alone tells the 4 apart, is in it.
    const std::string& id = seed::kImageJobIds[i];
    const std::string uuid = id.substr(id.rfind("-bot:luma") - 36, 36);
    EXPECT_THAT(written[0].filename().string(), HasSubstr(uuid));
    saved.push_back(written[0]);
  }
  for (const fs::path& path : saved) contents.insert(readFile(path));
  EXPECT_EQ(namesIn(folder_).size(), 4u) << "an image was overwritten by another";
  EXPECT_EQ(contents.size(), 4u) << "two files hold the same image";
}

TEST_F(DownloadNames, IdsAlikeBeyondTheLengthKeptInANameStillGetTheirOwnFiles) {
  Client client(clientOptions());
  ImageRequest request;
  request.prompt = "a picture";
  const auto jobs = client.awaitJobs(client.generateImages(request).jobids, fastPolling());
  const std::string shared(600, 'j');
  for (const char* tail : {"-a", "-b", ":a"}) {
    Job job = jobs.front();
    job.jobid = shared + tail;
    const auto written = client.downloadMedia(job, folder_);
    ASSERT_EQ(written.size(), 1u);
    EXPECT_LE(written[0].filename().string().size(), 200u) << "names must fit 255 bytes";
  }
  EXPECT_EQ(namesIn(folder_).size(), 3u);
}

// A job whose media are served by a hostile server under names of its choosing.
class DownloadExtensions : public ::testing::Test {
 protected:
  struct Served {
    std::string path;
    std::string body;
  };

  static ScriptedServer serving(const std::vector<Served>& files) {
    return ScriptedServer([files](httplib::Server& http) {
      for (const Served& file : files) {
        http.Get(file.path, [body = file.body](const httplib::Request&, httplib::Response& res) {
          res.set_content(body, "application/x-sh");
        });
      }
    });
  }

  static Job jobWith(std::optional<Media> Job::*kind, const std::string& url) {
    Job job;
    job.jobid = "j0326140530123456789v-u12345-email:a@b.c:0f0e0d0c-0b0a-0908-0706-050403020100";
    job.status = JobStatus::Completed;
    job.*kind = Media{url, {}, {}, {}};
    return job;
  }

  static ClientOptions options() {
    ClientOptions options;
    options.api_token = "names-test-token";
    options.base_url = "http://127.0.0.1:9/v1/luma";  // never called
    return options;
  }

  TempFolder temp_{"luma-download-extensions"};
  const fs::path& folder_ = temp_.path();
};

TEST_F(DownloadExtensions, TheExtensionComesFromTheKindAndContentNeverFromTheUrl) {
  struct Case {
    const char* what;
    std::optional<Media> Job::*kind;
    std::string path;
    std::string body;
    std::string expected_end;
  };
  const std::vector<Case> cases = {
      {"a png image behind evil.sh", &Job::image, "/media/evil.sh", kPng, "_image.png"},
      {"a script as image", &Job::image, "/media/evil.sh", kScript, "_image.png"},
      {"a jpeg image behind .png", &Job::image, "/media/a.png", kJpeg, "_image.jpg"},
      {"a webp image", &Job::image, "/media/a", kWebp, "_image.webp"},
      {"a script as thumbnail", &Job::thumbnail, "/t/evil.sh", kScript, "_thumbnail.jpg"},
      {"a png last frame", &Job::last_frame, "/f/x.exe", kPng, "_last_frame.png"},
      {"a video behind .sh", &Job::video, "/v/evil.sh", kScript, "_video.mp4"},
      {"frames behind .sh", &Job::video_hdr_exr, "/z/evil.sh", kScript, "_video_hdr_exr.zip"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const fs::path folder = folder_ / c.what;
    ScriptedServer server = serving({{c.path, c.body}});
    Client client(options());
    const auto written = client.downloadMedia(jobWith(c.kind, server.origin() + c.path), folder);
    ASSERT_EQ(written.size(), 1u);
    EXPECT_THAT(written[0].filename().string(), EndsWith(c.expected_end));
    EXPECT_EQ(readFile(written[0]), c.body);
    for (const std::string& name : namesIn(folder)) {
      EXPECT_THAT(name, AllOf(::testing::Not(EndsWith(".sh")), ::testing::Not(EndsWith(".exe"))));
    }
    EXPECT_EQ(namesIn(folder).size(), 1u);
  }
}

TEST_F(DownloadExtensions, AnExistingFileIsNeverReplacedUnlessAsked) {
  ScriptedServer server = serving({{"/media/image.png", kPng}});
  Client client(options());
  const Job job = jobWith(&Job::image, server.origin() + "/media/image.png");
  const fs::path first = client.downloadMedia(job, folder_).at(0);
  std::ofstream(first, std::ios::binary | std::ios::trunc) << "the user's own edit";
  // The same name with another picture extension counts too: the content decides it.
  fs::path as_jpeg = first;
  as_jpeg.replace_extension(".jpg");

  for (const fs::path& existing : {first, as_jpeg}) {
    SCOPED_TRACE(existing.filename().string());
    if (existing == as_jpeg) {
      fs::rename(first, as_jpeg);
    }
    const std::size_t requests = server.requests().size();
    try {
      client.downloadMedia(job, folder_);
      FAIL() << "expected an Error naming the file";
    } catch (const TransportError& error) {
      FAIL() << "a local refusal is no TransportError: " << error.what();
    } catch (const Error& error) {
      EXPECT_THAT(error.what(), AllOf(HasSubstr(existing.string()), HasSubstr("already exists")));
    }
    EXPECT_EQ(server.requests().size(), requests) << "a request went out for a refused file";
    EXPECT_EQ(readFile(existing), "the user's own edit");
    EXPECT_EQ(namesIn(folder_).size(), 1u);
  }

  DownloadOptions overwrite;
  overwrite.overwrite = true;
  fs::rename(as_jpeg, first);
  EXPECT_EQ(client.downloadMedia(job, folder_, overwrite).at(0), first);
  EXPECT_EQ(readFile(first), kPng);
}

TEST_F(DownloadExtensions, AFileThatAppearsDuringTheDownloadIsNotReplacedEither) {
  ScriptedServer server = serving({{"/media/image.png", kPng}});
  Client client(options());
  const Job job = jobWith(&Job::image, server.origin() + "/media/image.png");
  const std::string name = client.downloadMedia(job, folder_ / "first").at(0).filename();
  const fs::path appearing = folder_ / "second" / name;

  DownloadOptions download;
  download.progress = [&](std::uint64_t, std::optional<std::uint64_t>) {
    if (!fs::exists(appearing)) std::ofstream(appearing) << "written by someone else meanwhile";
  };
  try {
    client.downloadMedia(job, folder_ / "second", download);
    FAIL() << "expected an Error naming the file";
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), AllOf(HasSubstr(appearing.string()), HasSubstr("already exists")));
  }
  EXPECT_EQ(readFile(appearing), "written by someone else meanwhile");
  EXPECT_EQ(namesIn(folder_ / "second").size(), 1u) << "a temporary file remains";
}

}  // namespace
}  // namespace useapi::luma::testing
