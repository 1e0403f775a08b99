// The journal of created jobs: written before generate* returns, marked when jobs end, read
// back by a restarted process, safe against torn lines, locked against a second client.

#include <gmock/gmock.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/mock_api_test.hpp"
#include "support/temp_folder.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class Journal : public MockApiTest {
 protected:
  ClientOptions journaled(const fs::path& journal) const {
    ClientOptions options = clientOptions();
    options.journal_path = journal.string();
    return options;
  }

  static std::string contents(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  TempFolder temp_{"luma-journal"};
  const fs::path& folder_ = temp_.path();
};

TEST_F(Journal, EveryCreatedJobIsInTheFileWhenGenerateReturns) {
  const fs::path journal = folder_ / "jobs.journal";
  Client client(journaled(journal));
  const Job video = client.generateVideo(videoRequest());
  // Read at once, while the client lives: the line is already in the file.
  EXPECT_THAT(contents(journal), HasSubstr("created " + video.jobid + "\n"));

  ImageRequest images;
  images.prompt = "four foxes";
  const ImageBatch batch = client.generateImages(images);
  ASSERT_EQ(batch.jobids.size(), 4u);
  for (const auto& jobid : batch.jobids) {
    EXPECT_THAT(contents(journal), HasSubstr("created " + jobid + "\n"));
  }

  std::vector<std::string> expected{video.jobid};
  expected.insert(expected.end(), batch.jobids.begin(), batch.jobids.end());
  EXPECT_THAT(client.unfinishedJobs(), ElementsAreArray(expected));
}

TEST_F(Journal, ACopyTakenTheMomentGenerateReturnsAlreadyHoldsTheId) {
  // What a crash right after generateVideo returns would leave on disk.
  const fs::path journal = folder_ / "jobs.journal";
  const fs::path crashed = folder_ / "crashed.journal";
  Client client(journaled(journal));
  const Job video = client.generateVideo(videoRequest());
  fs::copy_file(journal, crashed);

  Client restarted(journaled(crashed));
  EXPECT_THAT(restarted.unfinishedJobs(), ElementsAre(video.jobid));
}

TEST_F(Journal, ARestartedClientResumesTheUnfinishedJobsAndTheyAreMarkedWhenFinal) {
  const fs::path journal = folder_ / "jobs.journal";
  std::vector<std::string> created;
  {
    Client first(journaled(journal));
    created.push_back(first.generateVideo(videoRequest("one")).jobid);
    created.push_back(first.generateVideo(videoRequest("two")).jobid);
  }  // the process "stops" without waiting

  Client second(journaled(journal));
  ASSERT_THAT(second.unfinishedJobs(), ElementsAreArray(created));
  const std::vector<Job> finals = second.awaitJobs(second.unfinishedJobs(), fastPolling());
  for (const Job& job : finals) EXPECT_EQ(job.status, JobStatus::Completed);
  EXPECT_THAT(second.unfinishedJobs(), IsEmpty());
  EXPECT_THAT(contents(journal), HasSubstr("final " + created[0] + "\n"));
}

TEST_F(Journal, RestartingTwiceAfterEverythingEndedFindsNothingOpen) {
  const fs::path journal = folder_ / "jobs.journal";
  {
    Client client(journaled(journal));
    const Job video = client.generateVideo(videoRequest());
    client.awaitJob(video.jobid, fastPolling());
  }
  Client restarted(journaled(journal));
  EXPECT_THAT(restarted.unfinishedJobs(), IsEmpty());
}

TEST_F(Journal, FailedJobsDeletedJobsAndGoneJobsNeedNoMoreWaiting) {
  const fs::path journal = folder_ / "jobs.journal";
  Client client(journaled(journal));
  Client other(clientOptions());  // the same user, without a journal

  const Job failing = client.generateVideo(videoRequest("[mock:fail] a fox"));
  const Job deleted = client.generateVideo(videoRequest("deleted"));
  const Job gone = client.generateVideo(videoRequest("gone"));
  const Job polled = client.generateVideo(videoRequest("polled"));
  ASSERT_EQ(client.unfinishedJobs().size(), 4u);

  EXPECT_THROW(client.awaitJob(failing.jobid, fastPolling()), JobFailedError);
  EXPECT_THAT(client.unfinishedJobs(), ElementsAre(deleted.jobid, gone.jobid, polled.jobid));

  other.awaitJobs({deleted.jobid, gone.jobid, polled.jobid}, fastPolling());
  client.deleteJob(deleted.jobid);
  EXPECT_THAT(client.unfinishedJobs(), ElementsAre(gone.jobid, polled.jobid));

  other.deleteJob(gone.jobid);  // removed behind this client's back: 404 from now on
  EXPECT_THROW(client.getJob(gone.jobid), NotFoundError);
  EXPECT_THAT(client.unfinishedJobs(), ElementsAre(polled.jobid));

  EXPECT_EQ(client.getJob(polled.jobid).status, JobStatus::Completed);
  EXPECT_THAT(client.unfinishedJobs(), IsEmpty());
}

TEST_F(Journal, ATornLastLineIsDroppedAndTheNextLineStartsClean) {
  const fs::path journal = folder_ / "jobs.journal";
  std::ofstream(journal, std::ios::binary) << "created j1v-earlier\ncreated j2v-ear";
  {
    Client client(journaled(journal));
    EXPECT_THAT(client.unfinishedJobs(), ElementsAre("j1v-earlier"));
    const Job video = client.generateVideo(videoRequest());
    EXPECT_THAT(client.unfinishedJobs(), ElementsAre("j1v-earlier", video.jobid));
  }
  EXPECT_EQ(contents(journal).find("j2v-ear"), std::string::npos);
}

TEST_F(Journal, IdsWithSpacesOrNewlinesCannotBreakALine) {
  const fs::path journal = folder_ / "jobs.journal";
  // A journal written by an earlier run, holding an escaped id and lines of unknown kinds.
  std::ofstream(journal, std::ios::binary) << "created a%0Ab%20c%25\nnote from the future\n";
  Client client(journaled(journal));
  EXPECT_THAT(client.unfinishedJobs(), ElementsAre("a\nb c%"));
}

TEST_F(Journal, ManyFinishedEntriesAreCompactedWhenOpened) {
  const fs::path journal = folder_ / "jobs.journal";
  {
    std::ofstream out(journal, std::ios::binary);
    for (int i = 0; i < 400; ++i) out << "created done-" << i << "\nfinal done-" << i << "\n";
    out << "created still-open\n";
  }
  const auto before = fs::file_size(journal);
  Client client(journaled(journal));
  EXPECT_THAT(client.unfinishedJobs(), ElementsAre("still-open"));
  EXPECT_LT(fs::file_size(journal), before / 100);
  EXPECT_EQ(contents(journal), "created still-open\n");
  EXPECT_FALSE(fs::exists(journal.string() + ".compacting"));
}

TEST_F(Journal, ASecondClientOnTheSameJournalIsRefused) {
  const fs::path journal = folder_ / "jobs.journal";
  Client first(journaled(journal));
  try {
    Client second(journaled(journal));
    FAIL() << "a second client opened a journal in use";
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), HasSubstr("in use"));
    EXPECT_THAT(error.what(), HasSubstr(journal.string()));
  }
}

TEST_F(Journal, AJournalThatCannotBeOpenedStopsTheClientBeforeAnyJobIsCreated) {
  EXPECT_THROW(Client{journaled(folder_ / "no-such-folder" / "jobs.journal")}, Error);
  EXPECT_THROW(Client{journaled(folder_)}, Error);  // a directory
  EXPECT_EQ(server_->jobsCreated(), 0u);
}

TEST_F(Journal, AJobCreatedWhenTheJournalCannotBeWrittenIsNamedByTheError) {
  const fs::path journal = folder_ / "jobs.journal";
  Client client(journaled(journal));

  // Let the file grow by no byte: the write after the job was created fails (EFBIG).
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  const auto previous_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit limited = saved;
  limited.rlim_cur = static_cast<rlim_t>(fs::file_size(journal));
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limited), 0);
  std::optional<Error> caught;
  try {
    client.generateVideo(videoRequest());
  } catch (const Error& error) {
    caught = error;
  }
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, previous_handler);

  ASSERT_TRUE(caught) << "generateVideo returned although its job could not be journaled";
  EXPECT_EQ(server_->jobsCreated(), 1u);
  ASSERT_EQ(caught->jobIds().size(), 1u);
  const std::string jobid = caught->jobIds().front();
  EXPECT_THAT(caught->what(), HasSubstr(jobid));
  EXPECT_THAT(caught->what(), HasSubstr("cannot write"));
  EXPECT_EQ(client.getJob(jobid).jobid, jobid);  // the job exists and is reachable
}

TEST_F(Journal, WithoutAJournalNothingIsUnfinished) {
  Client client(clientOptions());
  client.generateVideo(videoRequest());
  EXPECT_THAT(client.unfinishedJobs(), IsEmpty());
}

}  // namespace
}  // namespace useapi::luma::testing
