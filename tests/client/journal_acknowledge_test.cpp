// Seeing a job final is not the application having used it: a job seen final leaves
// unfinishedJobs() (nothing more to wait for) but stays in unacknowledgedJobs() until it is
// acknowledged, or downloadMedia saved all of its files.

#include <gmock/gmock.h>

#include "client/journal_fixture.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

using JournalAcknowledge = JournalTest;

TEST_F(JournalAcknowledge, AJobSeenFinalStaysUnfinishedAcrossARestartUntilAcknowledged) {
  const fs::path journal = folder_ / "jobs.journal";
  std::string completed;
  std::string failed;
  {
    Client client(journaled(journal));
    completed = client.generateVideo(videoRequest()).jobid;
    failed = client.generateVideo(videoRequest("[mock:fail] a fox")).jobid;
    EXPECT_THAT(client.unfinishedJobs(), ElementsAre(completed, failed));
    client.awaitJobs({completed, failed}, fastPolling());
    EXPECT_EQ(client.getJob(completed).status, JobStatus::Completed);
    EXPECT_THAT(client.unfinishedJobs(), IsEmpty());  // nothing left to wait for
    EXPECT_THAT(client.unacknowledgedJobs(), ElementsAre(completed, failed));
  }  // a crash before the application used them
  {
    Client restarted(journaled(journal));
    EXPECT_THAT(restarted.unfinishedJobs(), IsEmpty());
    EXPECT_THAT(restarted.unacknowledgedJobs(), ElementsAre(completed, failed));
    restarted.acknowledgeJob(failed);
    restarted.acknowledgeJob(failed);  // twice is once
    restarted.acknowledgeJob("j0000000000000000000v-never-created");
    EXPECT_THAT(restarted.unacknowledgedJobs(), ElementsAre(completed));
  }
  EXPECT_THAT(unfinishedIn(journal), ElementsAre(completed));
}

TEST_F(JournalAcknowledge, DownloadMediaIntoAFolderIsDoneOnlyOnceEveryFileIsSaved) {
  const fs::path journal = folder_ / "jobs.journal";
  {
    Client client(journaled(journal));
    const Job job = client.awaitJob(client.generateVideo(videoRequest()).jobid, fastPolling());

    // A file that cannot be saved: the job is not done.
    server_->queueFault(fault("GET /media/", 500, R"({"error":"Injected fault"})", /*times=*/20));
    EXPECT_THROW(client.downloadMedia(job, folder_ / "media"), Error);
    EXPECT_THAT(client.unacknowledgedJobs(), ElementsAre(job.jobid));

    server_->clearFaults();
    const auto saved = client.downloadMedia(job, folder_ / "media");
    EXPECT_FALSE(saved.empty());
    EXPECT_THAT(client.unacknowledgedJobs(), IsEmpty());
  }
  EXPECT_THAT(unfinishedIn(journal), IsEmpty());
}

TEST_F(JournalAcknowledge, DownloadMediaOfAJobNotYetCompletedLeavesItUnfinished) {
  const fs::path journal = folder_ / "jobs.journal";
  Client client(journaled(journal));
  const Job running = client.generateVideo(videoRequest());
  client.downloadMedia(running, folder_ / "media");  // nothing to download yet
  EXPECT_THAT(client.unacknowledgedJobs(), ElementsAre(running.jobid));
}

TEST_F(JournalAcknowledge, AnIdCreatedAgainAfterItWasDoneIsUnfinishedAgain) {
  // A server (an emulator restarted with its counter at zero) that hands out an id again.
  const std::string answer =
      R"({"jobid":"j1000000001v","type":"video","status":"created","created":"2026-03-26T14:05:30.123Z"})";
  Client client(journaled(folder_ / "jobs.journal"));
  const std::string other = client.generateVideo(videoRequest()).jobid;
  server_->queueFault(fault("POST /videos", 200, answer));
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  client.acknowledgeJob(jobid);
  EXPECT_THAT(client.unacknowledgedJobs(), ElementsAre(other));

  server_->queueFault(fault("POST /videos", 200, answer));
  EXPECT_EQ(client.generateVideo(videoRequest()).jobid, jobid);
  EXPECT_THAT(client.unacknowledgedJobs(), ElementsAre(other, jobid));
}

}  // namespace
}  // namespace useapi::luma::testing
