// The journal on a full disk (a small tmpfs; root only, skipped otherwise): a create call fails
// with the ids it could not record, nothing recorded is lost or damaged, and a Client still
// opens and reads what the journal has.

#include <gmock/gmock.h>

#include "client/journal_fixture.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

using JournalFullDisk = JournalTest;

#define MOUNT_OR_SKIP(disk)                                                              \
  if (!(disk).mounted()) {                                                               \
    GTEST_SKIP() << "cannot mount a tmpfs (" << (disk).failure() << "): run as root to " \
                 << "test a full disk";                                                  \
  }

TEST_F(JournalFullDisk, ACreateFailsWithItsIdAndNoJobBeforeOrAfterIsLost) {
  SmallTmpfs disk(folder_ / "disk", "1m");
  MOUNT_OR_SKIP(disk);
  const fs::path journal = disk.path() / "jobs.journal";
  std::vector<std::string> recorded;
  std::string unrecorded;
  {
    Client client(journaled(journal));
    for (int i = 0; i < 3; ++i) recorded.push_back(client.generateVideo(videoRequest()).jobid);
    ASSERT_GT(disk.fill(), 0u);
    // Jobs go on being created until one cannot be recorded: a write that fits in the file's
    // last, partly used block succeeds, the first that does not fit fails, maybe half done.
    for (int i = 0; i < 64 && unrecorded.empty(); ++i) {
      try {
        recorded.push_back(client.generateVideo(videoRequest("on a full disk")).jobid);
      } catch (const Error& error) {
        ASSERT_EQ(error.jobIds().size(), 1u) << error.what();
        unrecorded = error.jobIds().front();
        EXPECT_THAT(error.what(), HasSubstr(unrecorded));
        EXPECT_THAT(error.what(), HasSubstr(journal.string()));
      }
    }
    ASSERT_FALSE(unrecorded.empty()) << "64 jobs were recorded on a full disk";
    EXPECT_EQ(server_->jobsCreated(), recorded.size() + 1);
    EXPECT_THAT(client.unacknowledgedJobs(), ElementsAreArray(recorded));

    // Room again: the next job is recorded after the failed write, not glued to what it left.
    disk.free();
    recorded.push_back(client.generateVideo(videoRequest("with room")).jobid);
  }
  EXPECT_THAT(unfinishedIn(journal), ElementsAreArray(recorded));
  EXPECT_EQ(std::count(recorded.begin(), recorded.end(), unrecorded), 0);

  // Full again: a restarted process still opens the journal and reads what it has.
  ASSERT_GT(disk.fill(), 0u);
  EXPECT_THAT(unfinishedIn(journal), ElementsAreArray(recorded));
}

TEST_F(JournalFullDisk, ATextJournalIsReadOnAFullDiskAndNoJobIsCreatedUntilItCanBeConverted) {
  SmallTmpfs disk(folder_ / "disk", "256k");
  MOUNT_OR_SKIP(disk);
  const fs::path journal = disk.path() / "jobs.journal";
  const std::string text = "created j1v-open\ncreated j2v-done\nfinal j2v-done\n";
  write(journal, text);
  ASSERT_GT(disk.fill(), 0u);
  {
    Client client(journaled(journal));
    EXPECT_THAT(client.unacknowledgedJobs(), ElementsAre("j1v-open"));
    try {
      client.generateVideo(videoRequest());
      ADD_FAILURE() << "a job was created that the journal could not record";
    } catch (const Error& error) {
      EXPECT_THAT(error.what(), HasSubstr("no job was created"));
      EXPECT_TRUE(error.jobIds().empty());
    }
    EXPECT_EQ(server_->jobsCreated(), 0u);
    EXPECT_EQ(contents(journal), text);

    disk.free();  // the same client converts it now and goes on
    const Job video = client.generateVideo(videoRequest());
    EXPECT_THAT(client.unacknowledgedJobs(), ElementsAre("j1v-open", video.jobid));
  }
  EXPECT_EQ(contents(journal.string() + ".v1"), text);
}

}  // namespace
}  // namespace useapi::luma::testing
