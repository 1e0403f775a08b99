// The temporary ".<name>.part-<digits>" files that crashed runs left beside a destination are
// removed when a download to it starts; those of live downloads (locked) and of other
// destinations are not.

#include <fcntl.h>
#include <gmock/gmock.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "support/scripted_server.hpp"
#include "support/temp_folder.hpp"
#include "useapi/luma.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ::testing::UnorderedElementsAre;

std::vector<std::string> namesIn(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  return names;
}

class DownloadPartFiles : public ::testing::Test {
 protected:
  DownloadPartFiles()
      : server_([](httplib::Server& http) {
          http.Get("/file.bin", [](const httplib::Request&, httplib::Response& res) {
            res.set_content("the whole file", "application/octet-stream");
          });
          // 8 KiB every 50 ms for 5 s: a download still running when it is killed.
          http.Get("/slow.bin", [](const httplib::Request&, httplib::Response& res) {
            dripAnswer(res, std::size_t{800} << 10, std::size_t{8} << 10, 50ms, 0ms,
                       std::make_shared<DripLog>());
          });
        }) {}

  ClientOptions options() const {
    ClientOptions options;
    options.api_token = "part-files-test-token";
    options.base_url = "http://127.0.0.1:9/v1/luma";  // never called
    return options;
  }

  ScriptedServer server_;
  TempFolder temp_{"luma-download-parts"};
  const fs::path& folder_ = temp_.path();
};

TEST_F(DownloadPartFiles, LeftoversOfDeadRunsGoAndThoseOfLiveDownloadsStay) {
  for (const char* name :
       {".file.bin.part-1111", ".file.bin.part-2222", ".file.bin.part-x1", ".other.bin.part-3333",
        "file.bin.part-4444", ".file.bin.part-5.part-6"}) {
    std::ofstream(folder_ / name) << "left over";
  }
  // A download in progress elsewhere holds its file locked.
  const int live = ::open((folder_ / ".file.bin.part-2222").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(live, 0);
  ASSERT_EQ(::flock(live, LOCK_EX), 0);

  Client client(options());
  client.download(server_.origin() + "/file.bin", folder_ / "file.bin");
  EXPECT_THAT(namesIn(folder_),
              UnorderedElementsAre("file.bin", ".file.bin.part-2222", ".file.bin.part-x1",
                                   ".other.bin.part-3333", "file.bin.part-4444",
                                   ".file.bin.part-5.part-6"));

  // Once that download has ended (its lock is free), its file is a leftover too.
  ::close(live);
  client.download(server_.origin() + "/file.bin", folder_ / "file.bin");
  EXPECT_THAT(namesIn(folder_),
              UnorderedElementsAre("file.bin", ".file.bin.part-x1", ".other.bin.part-3333",
                                   "file.bin.part-4444", ".file.bin.part-5.part-6"));
}

// The child of the next test: this very program run again with only this test and the URL and
// destination in its environment (a fork without exec could deadlock on a lock another thread
// of the test held), downloading until it is killed. Skipped in an ordinary run.
TEST_F(DownloadPartFiles, ChildRoleDownloadsUntilKilled) {
  const char* url = std::getenv("LUMA_PART_FILES_CHILD_URL");
  const char* dest = std::getenv("LUMA_PART_FILES_CHILD_DEST");
  if (url == nullptr || dest == nullptr) GTEST_SKIP() << "only run as the next test's child";
  Client client(options());
  client.download(url, dest);
}

TEST_F(DownloadPartFiles, ARunKilledMidDownloadLeavesAFileTheNextRunRemoves) {
  const fs::path dest = folder_ / "file.bin";
  const std::string slow = server_.origin() + "/slow.bin";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::setenv("LUMA_PART_FILES_CHILD_URL", slow.c_str(), 1);
    ::setenv("LUMA_PART_FILES_CHILD_DEST", dest.c_str(), 1);
    ::execl("/proc/self/exe", "download_part_files_child",
            "--gtest_filter=DownloadPartFiles.ChildRoleDownloadsUntilKilled", nullptr);
    ::_exit(127);
  }
  // Killed once its temporary file holds some bytes.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  bool writing = false;
  while (!writing && std::chrono::steady_clock::now() < deadline) {
    for (const auto& entry : fs::directory_iterator(folder_)) {
      std::error_code ignored;
      writing = writing || fs::file_size(entry.path(), ignored) > 0;
    }
    std::this_thread::sleep_for(10ms);
  }
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  ASSERT_TRUE(writing) << "the child never started writing";
  const std::vector<std::string> left = namesIn(folder_);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].rfind(".file.bin.part-", 0), 0u) << left[0];

  Client client(options());
  client.download(server_.origin() + "/file.bin", dest);
  EXPECT_THAT(namesIn(folder_), UnorderedElementsAre("file.bin"));
}

}  // namespace
}  // namespace useapi::luma::testing
