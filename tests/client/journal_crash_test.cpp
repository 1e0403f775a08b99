// A crash in the middle of a journal write: whatever prefix of the write-ahead log reached the
// disk, the journal opens, holds the jobs of the whole commits before the cut in their order,
// and records the next job normally.

#include <gmock/gmock.h>

#include "client/journal_fixture.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAreArray;

using JournalCrash = JournalTest;

TEST_F(JournalCrash, EveryCutOfTheLastWritesLeavesAWholePrefixOfTheJobs) {
  const fs::path journal = folder_ / "jobs.journal";
  std::vector<std::string> created;
  std::string main_file;
  std::string log;
  {
    Client client(journaled(journal));
    for (int i = 0; i < 3; ++i) created.push_back(client.generateVideo(videoRequest()).jobid);
    // What is on disk while the client runs: the main file and the log of the commits since.
    main_file = contents(journal);
    log = contents(journal.string() + "-wal");
  }
  ASSERT_FALSE(log.empty()) << "the commits were not in a write-ahead log";

  std::size_t longest_prefix_seen = 0;
  const fs::path crashed = folder_ / "crashed.journal";
  std::vector<std::size_t> cuts;
  for (std::size_t cut = 0; cut < log.size(); cut += 1031) cuts.push_back(cut);  // a prime
  cuts.push_back(log.size());
  for (const std::size_t cut : cuts) {
    SCOPED_TRACE("log cut after " + std::to_string(cut) + " of " + std::to_string(log.size()));
    write(crashed, main_file);
    write(crashed.string() + "-wal", log.substr(0, cut));
    std::vector<std::string> unfinished;
    ASSERT_NO_THROW(unfinished = unfinishedIn(crashed));
    ASSERT_LE(unfinished.size(), created.size());
    const std::vector<std::string> prefix(created.begin(),
                                          created.begin() + static_cast<long>(unfinished.size()));
    EXPECT_THAT(unfinished, ElementsAreArray(prefix));
    EXPECT_GE(unfinished.size(), longest_prefix_seen);  // a longer log never holds fewer jobs
    longest_prefix_seen = std::max(longest_prefix_seen, unfinished.size());

    std::vector<std::string> expected = unfinished;
    {
      Client client(journaled(crashed));
      expected.push_back(client.generateVideo(videoRequest("after the crash")).jobid);
    }
    EXPECT_THAT(unfinishedIn(crashed), ElementsAreArray(expected));
    fs::remove(crashed.string() + "-wal");
  }
  EXPECT_EQ(longest_prefix_seen, created.size());
}

}  // namespace
}  // namespace useapi::luma::testing
