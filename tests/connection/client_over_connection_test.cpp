// A Client over a hand-written Connection: what stays in the Client (validation, the naming of
// jobs in errors, the waits' results) and what the Connection's default bodies do.

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "download/media_file_name.hpp"
#include "support/temp_folder.hpp"
#include "useapi/luma.hpp"
#include "useapi/luma/connection.hpp"

namespace useapi::luma {
namespace {

namespace fs = std::filesystem;

// Counts every call that reaches it and answers each with a small record.
struct CountingConnection : Connection {
  std::atomic<int> calls{0};

  ImageBatch generateImages(const ImageRequest& /*request*/) override {
    ++calls;
    return {};
  }
  Job generateVideo(const VideoRequest& /*request*/) override {
    ++calls;
    return {};
  }
  Account addAccount(const std::string& /*session*/) override {
    ++calls;
    return {};
  }
  Asset uploadAsset(const std::string& /*email*/, std::string /*bytes*/,
                    std::string /*content_type*/) override {
    ++calls;
    return {};
  }
  Job getJob(const std::string& /*jobid*/) override {
    ++calls;
    return {};
  }
  void deleteJob(const std::string& /*jobid*/) override { ++calls; }
  Account getAccount(const std::string& /*email*/) override {
    ++calls;
    return {};
  }
  void deleteAccount(const std::string& /*email*/) override { ++calls; }
  void awaitEach(const std::vector<std::string>& /*jobids*/,
                 const std::function<void(const Job&)>& /*on_final*/,
                 const PollOptions& /*options*/) override {
    ++calls;
  }
  std::future<Job> awaitJobAsync(const std::string& /*jobid*/,
                                 const PollOptions& /*options*/) override {
    ++calls;
    return {};
  }
};

struct RefusedCall {
  const char* what;
  std::function<void(Client&)> call;
};

TEST(ClientOverConnection, ABadRequestNeverReachesTheConnection) {
  const std::string png_head = "\x89PNG\r\n\x1a\n";
  const RefusedCall cases[] = {
      {"an image request without a prompt", [](Client& c) { c.generateImages(ImageRequest{}); }},
      {"an image request with five references",
       [](Client& c) {
         ImageRequest request;
         request.prompt = "a fox";
         request.image_refs = {"a", "b", "c", "d", "e"};
         c.generateImages(request);
       }},
      {"a video request without a prompt", [](Client& c) { c.generateVideo(VideoRequest{}); }},
      {"a blank session", [](Client& c) { c.addAccount("  \n"); }},
      {"asset bytes that are no image",
       [](Client& c) { c.uploadAsset("a@b.c", std::string("hello"), "image/png"); }},
      {"asset bytes of another type",
       [&](Client& c) { c.uploadAsset("a@b.c", png_head + "rest", "image/jpeg"); }},
      {"an asset without an email", [&](Client& c) { c.uploadAsset("", png_head, "image/png"); }},
      {"getJob without an id", [](Client& c) { c.getJob(""); }},
      {"deleteJob without an id", [](Client& c) { c.deleteJob(""); }},
      {"awaitJob without an id", [](Client& c) { c.awaitJob(""); }},
      {"awaitJobs with an empty id",
       [](Client& c) {
         c.awaitJobs({"job-1", ""});
       }},
      {"awaitEach with an empty id", [](Client& c) { c.awaitEach({""}, [](const Job&) {}); }},
      {"awaitJobAsync without an id", [](Client& c) { c.awaitJobAsync(""); }},
      {"getAccount without an email", [](Client& c) { c.getAccount(""); }},
      {"deleteAccount without an email", [](Client& c) { c.deleteAccount(""); }},
      {"an asset file that is not there",
       [](Client& c) { c.uploadAsset("a@b.c", fs::path("/nonexistent/fox.png")); }},
  };
  for (const auto& refused : cases) {
    SCOPED_TRACE(refused.what);
    auto connection = std::make_shared<CountingConnection>();
    Client client(connection);
    EXPECT_THROW(refused.call(client), ValidationError);
    EXPECT_EQ(connection->calls.load(), 0);
  }
}

TEST(ClientOverConnection, AValidRequestReachesTheConnection) {
  auto connection = std::make_shared<CountingConnection>();
  Client client(connection);
  VideoRequest request;
  request.prompt = "a fox";
  client.generateVideo(request);
  client.uploadAsset("a@b.c", std::string("\x89PNG\r\n\x1a\nrest"), "image/png");
  EXPECT_EQ(connection->calls.load(), 2);
}

// Every call about jobs fails, naming none of them.
struct FailingConnection : Connection {
  Job getJob(const std::string& /*jobid*/) override { throw TransportError("boom"); }
  void deleteJob(const std::string& /*jobid*/) override { throw Error("boom"); }
  void acknowledgeJob(const std::string& /*jobid*/) override { throw Error("boom"); }
  void awaitEach(const std::vector<std::string>& /*jobids*/,
                 const std::function<void(const Job&)>& /*on_final*/,
                 const PollOptions& /*options*/) override {
    throw TimeoutError("boom", Job{});
  }
  std::future<Job> awaitJobAsync(const std::string& /*jobid*/,
                                 const PollOptions& /*options*/) override {
    throw Error("boom");
  }
};

struct NamingCase {
  const char* what;
  std::function<void(Client&)> call;
  std::vector<std::string> named;
};

TEST(ClientOverConnection, ErrorsNameTheJobsTheyConcern) {
  const NamingCase cases[] = {
      {"getJob", [](Client& c) { c.getJob("job-1"); }, {"job-1"}},
      {"deleteJob", [](Client& c) { c.deleteJob("job-1"); }, {"job-1"}},
      {"acknowledgeJob", [](Client& c) { c.acknowledgeJob("job-1"); }, {"job-1"}},
      {"awaitJob", [](Client& c) { c.awaitJob("job-1"); }, {"job-1"}},
      {"awaitJobs",
       [](Client& c) {
         c.awaitJobs({"job-1", "job-2"});
       },
       {"job-1", "job-2"}},
      {"awaitJobAsync", [](Client& c) { c.awaitJobAsync("job-1"); }, {"job-1"}},
  };
  Client client(std::make_shared<FailingConnection>());
  for (const auto& naming : cases) {
    SCOPED_TRACE(naming.what);
    try {
      naming.call(client);
      ADD_FAILURE() << "no error";
    } catch (const Error& error) {
      EXPECT_EQ(error.jobIds(), naming.named);
    }
  }
}

Job finalRecord(const std::string& jobid, JobStatus status) {
  Job job;
  job.jobid = jobid;
  job.status = status;
  job.status_text = status == JobStatus::Completed ? "completed" : "failed";
  return job;
}

// Its waits see every job final at once, in reverse order; "bad-*" jobs fail.
struct InstantConnection : Connection {
  void awaitEach(const std::vector<std::string>& jobids,
                 const std::function<void(const Job&)>& on_final,
                 const PollOptions& /*options*/) override {
    for (auto it = jobids.rbegin(); it != jobids.rend(); ++it) {
      const bool bad = it->rfind("bad-", 0) == 0;
      on_final(finalRecord(*it, bad ? JobStatus::Failed : JobStatus::Completed));
    }
  }
};

TEST(ClientOverConnection, WaitsAreBuiltOnTheConnectionsAwaitEach) {
  Client client(std::make_shared<InstantConnection>());
  EXPECT_EQ(client.awaitJob("job-1").status, JobStatus::Completed);
  EXPECT_THROW(client.awaitJob("bad-1"), JobFailedError);

  const std::vector<std::string> ids = {"job-1", "bad-2", "job-1", "job-3"};
  const auto jobs = client.awaitJobs(ids);
  ASSERT_EQ(jobs.size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(jobs[i].jobid, ids[i]) << "input order, place " << i;
  }
  EXPECT_EQ(jobs[1].status, JobStatus::Failed);
}

TEST(ClientOverConnection, AWaitThatEndsWithoutAFinalRecordIsAnError) {
  struct SilentConnection : Connection {
    void awaitEach(const std::vector<std::string>& /*jobids*/,
                   const std::function<void(const Job&)>& /*on_final*/,
                   const PollOptions& /*options*/) override {}
  };
  Client client(std::make_shared<SilentConnection>());
  EXPECT_THROW(client.awaitJob("job-1"), Error);
  EXPECT_THROW(client.awaitJobs({"job-1", "job-2"}), Error);
}

struct DefaultCase {
  const char* call;
  std::function<void(Client&)> run;
};

TEST(ConnectionDefaults, EachApiCallThrowsAnErrorNamingIt) {
  const DefaultCase cases[] = {
      {"generateImages",
       [](Client& c) {
         ImageRequest request;
         request.prompt = "a fox";
         c.generateImages(request);
       }},
      {"generateVideo",
       [](Client& c) {
         VideoRequest request;
         request.prompt = "a fox";
         c.generateVideo(request);
       }},
      {"getJob", [](Client& c) { c.getJob("job-1"); }},
      {"listJobs", [](Client& c) { c.listJobs(); }},
      {"deleteJob", [](Client& c) { c.deleteJob("job-1"); }},
      {"listAccounts", [](Client& c) { c.listAccounts(); }},
      {"getAccount", [](Client& c) { c.getAccount("a@b.c"); }},
      {"addAccount", [](Client& c) { c.addAccount("cookie"); }},
      {"deleteAccount", [](Client& c) { c.deleteAccount("a@b.c"); }},
      {"uploadAsset",
       [](Client& c) {
         c.uploadAsset("a@b.c", std::string("\x89PNG\r\n\x1a\nrest"), "image/png");
       }},
      {"download", [](Client& c) { c.download("https://example.com/a.png", "a.png"); }},
  };
  Client client(std::make_shared<Connection>());
  for (const auto& defaulted : cases) {
    SCOPED_TRACE(defaulted.call);
    try {
      defaulted.run(client);
      ADD_FAILURE() << "no error";
    } catch (const Error& error) {
      const std::string expected =
          std::string("Connection::") + defaulted.call + " is not implemented by this connection";
      // Followed by the job it concerned, for a call about one.
      EXPECT_EQ(std::string(error.what()).substr(0, expected.size()), expected);
    }
  }
}

TEST(ConnectionDefaults, TheJournalCallsBehaveAsWithoutAJournal) {
  Client client(std::make_shared<Connection>());
  EXPECT_TRUE(client.unfinishedJobs().empty());
  EXPECT_TRUE(client.unacknowledgedJobs().empty());
  EXPECT_NO_THROW(client.acknowledgeJob("job-1"));
}

// Its downloads write a file whose first bytes say the type its URL names.
struct FileConnection : Connection {
  std::vector<std::string> urls;
  std::uint64_t download(const std::string& url, const fs::path& dest,
                         const DownloadOptions& /*options*/) override {
    urls.push_back(url);
    std::string bytes = "....ftypmp42 video";
    if (url.find("jpeg") != std::string::npos) bytes = "\xFF\xD8\xFF\xE0 jpeg";
    if (url.find("png") != std::string::npos) bytes = "\x89PNG\r\n\x1a\n png";
    std::ofstream(dest, std::ios::binary) << bytes;
    return bytes.size();
  }
};

Media at(const std::string& url) {
  Media media;
  media.url = url;
  return media;
}

Job jobWithMedia() {
  Job job = finalRecord("job-1/with:odd?chars", JobStatus::Completed);
  job.video = at("https://cdn.example/video");
  job.thumbnail = at("https://cdn.example/jpeg");
  job.image = at("https://cdn.example/png");
  return job;
}

TEST(ConnectionDefaults, DownloadMediaNamesTheFilesAndCallsDownloadForEach) {
  const testing::TempFolder folder("connection");
  auto connection = std::make_shared<FileConnection>();
  Client client(connection);
  const Job job = jobWithMedia();

  const auto written = client.downloadMedia(job, folder.path() / "media");

  const auto named = [&](const char* kind, const char* extension) {
    return folder.path() / "media" / (detail::mediaFileStem(job.jobid, kind) + "." + extension);
  };
  const std::vector<fs::path> expected = {named("image", "png"), named("video", "mp4"),
                                          named("thumbnail", "jpg")};
  EXPECT_EQ(written, expected);
  EXPECT_EQ(connection->urls,
            (std::vector<std::string>{"https://cdn.example/png", "https://cdn.example/video",
                                      "https://cdn.example/jpeg"}));
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(folder.path() / "media")) {
    ++files;
    EXPECT_NE(entry.path().filename().string().front(), '.') << "left behind: " << entry.path();
  }
  EXPECT_EQ(files, expected.size());

  // A file already there under one of the names stops the call before anything is fetched.
  connection->urls.clear();
  EXPECT_THROW(client.downloadMedia(job, folder.path() / "media"), Error);
  EXPECT_TRUE(connection->urls.empty());
  DownloadOptions replace;
  replace.overwrite = true;
  EXPECT_EQ(client.downloadMedia(job, folder.path() / "media", replace), expected);
}

TEST(ClientOverConnection, ANullConnectionIsRefused) {
  EXPECT_THROW(Client(std::shared_ptr<Connection>()), Error);
}

TEST(ClientOverConnection, DestroyingTheClientOnlyLetsGoOfAUsersConnection) {
  auto connection = std::make_shared<CountingConnection>();
  { Client client(connection); }
  EXPECT_EQ(connection.use_count(), 1);
}

}  // namespace
}  // namespace useapi::luma
