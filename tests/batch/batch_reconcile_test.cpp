// An item whose POST may have created a job is looked for among the running jobs, never sent
// again blindly.

#include <gmock/gmock.h>

#include "batch/batch_fixture.hpp"
#include "batch/reconciler.hpp"

namespace useapi::luma::testing {
namespace {

using detail::PendingSubmission;
using detail::reconcile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

JobSummary summary(std::string jobid, std::string account, JobType type, std::string model,
                   std::string created) {
  JobSummary job;
  job.jobid = std::move(jobid);
  job.account = std::move(account);
  job.type = type;
  job.model = std::move(model);
  job.created = std::move(created);
  return job;
}

TEST(Reconcile, AdoptsTheOneRunningJobThatMatchesAndNothingElse) {
  const std::int64_t started = *detail::unixMsOfIso("2026-03-26T14:05:30.000Z");
  const PendingSubmission video{"a@x.com", "video", "ray-v3", started};
  const JobSummary match =
      summary("j-match", "a@x.com", JobType::Video, "ray-v3", "2026-03-26T14:05:30.400Z");
  struct Case {
    const char* name;
    std::vector<JobSummary> running;
    std::vector<std::string> adopted;
  };
  const std::vector<Case> cases = {
      {"exactly one", {match}, {"j-match"}},
      {"created within the clock skew",
       {summary("j-skew", "a@x.com", JobType::Video, "ray-v3", "2026-03-26T14:05:29.000Z")},
       {"j-skew"}},
      {"created before the attempt",
       {summary("j-old", "a@x.com", JobType::Video, "ray-v3", "2026-03-26T14:05:20.000Z")},
       {}},
      {"another account",
       {summary("j-b", "b@x.com", JobType::Video, "ray-v3", "2026-03-26T14:05:31.000Z")},
       {}},
      {"another model",
       {summary("j-m", "a@x.com", JobType::Video, "ray-v3-flash", "2026-03-26T14:05:31.000Z")},
       {}},
      {"another type",
       {summary("j-i", "a@x.com", JobType::Image, "ray-v3", "2026-03-26T14:05:31.000Z")},
       {}},
      {"already the batch's",
       {summary("j-known", "a@x.com", JobType::Video, "ray-v3", "2026-03-26T14:05:31.000Z")},
       {}},
      {"two candidates",
       {match, summary("j-twin", "a@x.com", JobType::Video, "ray-v3", "2026-03-26T14:05:31.0Z")},
       {}},
  };
  for (const Case& c : cases) {
    const JobList list{static_cast<int>(c.running.size()), c.running};
    const auto found = reconcile(list, video, {"j-known"});
    EXPECT_EQ(found.jobids, c.adopted) << c.name;
    if (c.adopted.empty()) {
      EXPECT_FALSE(found.why.empty()) << c.name;
    }
  }
}

TEST(Reconcile, AnImageBatchIsAdoptedAsTheFourJobsOfOneInstant) {
  const PendingSubmission images{"a@x.com", "image", "photon-v2",
                                 *detail::unixMsOfIso("2026-03-26T14:05:30.000Z")};
  std::vector<JobSummary> running;
  for (const char* id : {"j1", "j2", "j3", "j4"}) {
    running.push_back(
        summary(id, "a@x.com", JobType::Image, "photon-v2", "2026-03-26T14:05:30.500Z"));
  }
  EXPECT_THAT(reconcile(JobList{4, running}, images, {}).jobids,
              ElementsAre("j1", "j2", "j3", "j4"));
  running.push_back(
      summary("j5", "a@x.com", JobType::Image, "photon-v2", "2026-03-26T14:05:31.500Z"));
  EXPECT_TRUE(reconcile(JobList{5, running}, images, {}).jobids.empty());
}

class BatchReconcile : public BatchTest {};

TEST_F(BatchReconcile, AnAnswerLostAfterTheJobWasCreatedIsAdoptedNotResent) {
  mock::Fault lost = fault("POST /videos", 0, "");
  lost.reset = true;
  lost.after_acting = true;  // the job is created, the answer never arrives
  server_->queueFault(lost);

  const BatchReport report = runBatch(batchClientOptions(), {video("fox")}, batchOptions());

  ASSERT_EQ(report.items[0].state, BatchItemState::Completed) << report.items[0].error;
  EXPECT_EQ(received("POST", "/videos").size(), 1u);
  EXPECT_EQ(server_->jobsCreated(), 1u);
  EXPECT_EQ(report.items[0].jobids.size(), 1u);
}

TEST_F(BatchReconcile, ALostAnswerWithNoJobToFindIsUncertainUnlessResubmitting) {
  mock::Fault lost = fault("POST /videos", 0, "");
  lost.reset = true;  // the route never acts: no job, and no answer
  server_->queueFault(lost);
  const BatchReport report = runBatch(batchClientOptions(), {video("fox")}, batchOptions());
  EXPECT_EQ(report.items[0].state, BatchItemState::Uncertain);
  EXPECT_THAT(report.items[0].error, HasSubstr("resubmit_uncertain"));
  EXPECT_EQ(server_->jobsCreated(), 0u);

  BatchOptions resubmit = batchOptions();
  resubmit.resubmit_uncertain = true;
  const BatchReport again = runBatch(batchClientOptions(), {video("fox")}, resubmit);
  EXPECT_EQ(again.items[0].state, BatchItemState::Completed) << again.items[0].error;
  EXPECT_EQ(server_->jobsCreated(), 1u);
}

}  // namespace
}  // namespace useapi::luma::testing
