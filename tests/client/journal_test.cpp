// The journal of created jobs: written before generate* returns, kept open until the job is
// done, read back by a restarted process, locked against a second client.

#include <gmock/gmock.h>
#include <sys/resource.h>

#include <csignal>

#include "client/journal_fixture.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using Journal = JournalTest;

// Copies what a crash at this moment would leave on disk: the file and its write-ahead log.
void copyAsCrashed(const fs::path& journal, const fs::path& copy) {
  fs::copy_file(journal, copy);
  const fs::path wal = journal.string() + "-wal";
  if (fs::exists(wal)) fs::copy_file(wal, copy.string() + "-wal");
}

TEST_F(Journal, ACopyTakenTheMomentGenerateReturnsAlreadyHoldsTheIds) {
  const fs::path journal = folder_ / "jobs.journal";
  Client client(journaled(journal));
  const Job video = client.generateVideo(videoRequest());
  copyAsCrashed(journal, folder_ / "after-video.journal");

  ImageRequest images;
  images.prompt = "four foxes";
  const ImageBatch batch = client.generateImages(images);
  ASSERT_EQ(batch.jobids.size(), 4u);
  copyAsCrashed(journal, folder_ / "after-images.journal");

  std::vector<std::string> expected{video.jobid};
  expected.insert(expected.end(), batch.jobids.begin(), batch.jobids.end());
  EXPECT_THAT(client.unacknowledgedJobs(), ElementsAreArray(expected));
  EXPECT_THAT(unfinishedIn(folder_ / "after-video.journal"), ElementsAre(video.jobid));
  EXPECT_THAT(unfinishedIn(folder_ / "after-images.journal"), ElementsAreArray(expected));
}

TEST_F(Journal, ARestartedClientResumesTheUnfinishedJobs) {
  const fs::path journal = folder_ / "jobs.journal";
  std::vector<std::string> created;
  {
    Client first(journaled(journal));
    created.push_back(first.generateVideo(videoRequest("one")).jobid);
    created.push_back(first.generateVideo(videoRequest("two")).jobid);
  }  // the process "stops" without waiting

  Client second(journaled(journal));
  ASSERT_THAT(second.unfinishedJobs(), ElementsAreArray(created));
  ASSERT_THAT(second.unacknowledgedJobs(), ElementsAreArray(created));
  const std::vector<Job> finals = second.awaitJobs(second.unfinishedJobs(), fastPolling());
  for (const Job& job : finals) EXPECT_EQ(job.status, JobStatus::Completed);
  // Seen final, not yet used: nothing to wait for, but a crash now must not lose their media.
  EXPECT_THAT(second.unfinishedJobs(), IsEmpty());
  EXPECT_THAT(second.unacknowledgedJobs(), ElementsAreArray(created));
  for (const Job& job : finals) second.downloadMedia(job, folder_ / "media");
  EXPECT_THAT(second.unacknowledgedJobs(), IsEmpty());
}

TEST_F(Journal, RestartingAfterEveryJobWasAcknowledgedFindsNothingOpen) {
  const fs::path journal = folder_ / "jobs.journal";
  {
    Client client(journaled(journal));
    const Job video = client.generateVideo(videoRequest());
    client.awaitJob(video.jobid, fastPolling());
    client.acknowledgeJob(video.jobid);
  }
  EXPECT_THAT(unfinishedIn(journal), IsEmpty());
}

TEST_F(Journal, DeletedJobsAndJobsTheApiSaysAreGoneLeaveFailedOnesWaitForAnAcknowledgement) {
  const fs::path journal = folder_ / "jobs.journal";
  Client client(journaled(journal));
  Client other(clientOptions());  // the same user, without a journal

  const Job failing = client.generateVideo(videoRequest("[mock:fail] a fox"));
  const Job deleted = client.generateVideo(videoRequest("deleted"));
  const Job gone = client.generateVideo(videoRequest("gone"));
  ASSERT_EQ(client.unacknowledgedJobs().size(), 3u);

  EXPECT_THROW(client.awaitJob(failing.jobid, fastPolling()), JobFailedError);
  EXPECT_THAT(client.unacknowledgedJobs(), ElementsAre(failing.jobid, deleted.jobid, gone.jobid));
  client.acknowledgeJob(failing.jobid);  // its failure was reported
  EXPECT_THAT(client.unacknowledgedJobs(), ElementsAre(deleted.jobid, gone.jobid));

  other.awaitJobs({deleted.jobid, gone.jobid}, fastPolling());
  client.deleteJob(deleted.jobid);
  EXPECT_THAT(client.unacknowledgedJobs(), ElementsAre(gone.jobid));

  other.deleteJob(gone.jobid);  // removed behind this client's back: the API's 404 from now on
  EXPECT_THROW(client.getJob(gone.jobid), NotFoundError);
  EXPECT_THAT(client.unacknowledgedJobs(), IsEmpty());
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

  // Let no file grow past one byte: the write after the job was created fails (EFBIG).
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  const auto previous_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit limited = saved;
  limited.rlim_cur = 1;
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

  // The failed write left the journal whole: the next job is recorded and read back.
  const Job next = client.generateVideo(videoRequest("next"));
  EXPECT_THAT(client.unacknowledgedJobs(), ElementsAre(next.jobid));
}

TEST_F(Journal, WithoutAJournalNothingIsUnfinishedAndAcknowledgingDoesNothing) {
  Client client(clientOptions());
  const Job video = client.generateVideo(videoRequest());
  EXPECT_THAT(client.unacknowledgedJobs(), IsEmpty());
  EXPECT_NO_THROW(client.acknowledgeJob(video.jobid));
}

}  // namespace
}  // namespace useapi::luma::testing
