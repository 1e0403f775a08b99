// examples/resume_from_journal survives a crash during the download: killed (SIGKILL) while a
// medium drips in, then run again, it saves the media of the job it had created, and creates
// no second one.

#include <gmock/gmock.h>

#include <thread>

#include "cli/cli_process.hpp"
#include "client/journal_fixture.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class JournalExample : public JournalTest {
 protected:
  std::chrono::milliseconds jobDuration() const override { return 1ms; }

  // The example, run in the test's folder (its journal and media go there).
  std::unique_ptr<CliProcess> startExample() const {
    const std::string command =
        "cd '" + folder_.string() + "' && exec '" + RESUME_FROM_JOURNAL_PROGRAM + "'";
    return std::make_unique<CliProcess>(
        "/bin/sh", std::vector<std::string>{"-c", command},
        std::map<std::string, std::string>{{"USEAPI_TOKEN", kTestToken},
                                           {"USEAPI_LUMA_BASE_URL", server_->baseUrl()}});
  }

  bool mediaDownloadStarted() const {
    const auto fired = server_->firedFaults();
    return std::find(fired.begin(), fired.end(), "GET /media/") != fired.end();
  }

  // Bytes in the temporary files of downloads under way.
  std::uintmax_t partialBytes() const {
    std::uintmax_t bytes = 0;
    std::error_code ignored;
    for (const auto& entry : fs::directory_iterator(folder_ / "luma-media", ignored)) {
      if (entry.path().filename().string().find(".part") != std::string::npos) {
        const auto size = fs::file_size(entry.path(), ignored);
        if (!ignored) bytes += size;  // a file renamed meanwhile counts nothing
      }
    }
    return bytes;
  }

  // The media files saved (not the temporary files of a download).
  std::vector<fs::path> savedMedia() const {
    std::vector<fs::path> files;
    if (!fs::exists(folder_ / "luma-media")) return files;
    for (const auto& entry : fs::directory_iterator(folder_ / "luma-media")) {
      const std::string name = entry.path().filename().string();
      if (name.find(".part") == std::string::npos) files.push_back(entry.path());
    }
    return files;
  }
};

TEST_F(JournalExample, KilledDuringTheDownloadItSavesTheMediaWhenRunAgain) {
  mock::Fault slow;
  slow.route = "GET /media/";
  slow.status = 0;  // the route's own answer, dripped
  slow.drip_bytes_per_second = 2000;
  slow.times = 100;
  server_->queueFault(slow);

  auto first = startExample();
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!mediaDownloadStarted() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(mediaDownloadStarted())
      << "the example never started a download: " << first->finish().err;
  // Killed once bytes are flowing into the temporary file (or after 5 s of a stalled start).
  const auto flowing = std::chrono::steady_clock::now() + 5s;
  while (partialBytes() == 0 && std::chrono::steady_clock::now() < flowing) {
    std::this_thread::sleep_for(20ms);
  }
  first->signal(SIGKILL);
  const CliResult killed = first->finish();
  ASSERT_EQ(killed.exit_code, -1) << "the example ended before it was killed: " << killed.out;
  EXPECT_THAT(savedMedia(), IsEmpty());

  server_->clearFaults();
  const CliResult rerun = startExample()->finish();
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_THAT(rerun.out, HasSubstr("saved "));
  EXPECT_EQ(server_->jobsCreated(), 1u);  // the job of the first run, not a new one
  const auto saved = savedMedia();
  ASSERT_FALSE(saved.empty());
  for (const auto& file : saved) EXPECT_GT(fs::file_size(file), 0u) << file;
  EXPECT_THAT(rerun.out, HasSubstr(saved.front().filename().string()));

  // Done with: a third run has nothing left to take care of.
  EXPECT_THAT(unfinishedIn(folder_ / "luma-jobs.journal"), IsEmpty());
}

}  // namespace
}  // namespace useapi::luma::testing
