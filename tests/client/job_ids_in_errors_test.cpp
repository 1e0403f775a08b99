// No job id is lost on the way out: every error thrown once jobs exist carries their ids in
// jobIds() and names them in what().

#include <gmock/gmock.h>

#include "support/mock_api_test.hpp"

namespace useapi::luma::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class JobIdsInErrors : public MockApiTest {
 protected:
  std::chrono::milliseconds jobDuration() const override { return 2s; }
};

// Runs `call`, which must throw `Expected`, and returns what it threw.
template <class Expected, class Call>
Expected thrownBy(Call&& call) {
  try {
    call();
  } catch (const Expected& error) {
    return error;
  }
  ADD_FAILURE() << "nothing of the expected type was thrown";
  throw std::logic_error("unreachable");
}

TEST_F(JobIdsInErrors, ATimedOutWaitNamesEveryJobItWaitedFor) {
  Client client(clientOptions());
  const std::vector<std::string> jobids{client.generateVideo(videoRequest("a")).jobid,
                                        client.generateVideo(videoRequest("b")).jobid};
  PollOptions options = fastPolling();
  options.timeout = 200ms;
  const auto error = thrownBy<TimeoutError>([&] { client.awaitJobs(jobids, options); });
  EXPECT_THAT(error.jobIds(), ElementsAreArray(jobids));
  EXPECT_THAT(error.what(), HasSubstr(jobids[0]));
  EXPECT_THAT(error.what(), HasSubstr(jobids[1]));
}

TEST_F(JobIdsInErrors, ACancelledWaitNamesItsJob) {
  Client client(clientOptions());
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  PollOptions options = fastPolling();
  options.cancel.cancel();
  const auto error = thrownBy<CancelledError>([&] { client.awaitJob(jobid, options); });
  EXPECT_THAT(error.jobIds(), ElementsAre(jobid));
  EXPECT_THAT(error.what(), HasSubstr(jobid));
}

TEST_F(JobIdsInErrors, APermanentFailureDuringAWaitNamesTheJob) {
  Client client(clientOptions());
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  server_->queueFault(fault("GET /jobs/", 403, R"({"error":"Job does not belong to this user"})"));
  const auto error = thrownBy<ForbiddenError>([&] { client.awaitJob(jobid, fastPolling()); });
  EXPECT_EQ(error.status(), 403);
  EXPECT_THAT(error.jobIds(), ElementsAre(jobid));
  EXPECT_THAT(error.what(), HasSubstr(jobid));
  EXPECT_THAT(error.what(), HasSubstr("HTTP 403"));
}

TEST_F(JobIdsInErrors, GetJobAndDeleteJobErrorsNameTheirJob) {
  Client client(clientOptions());
  const std::string jobid = client.generateVideo(videoRequest()).jobid;

  const auto conflict = thrownBy<ConflictError>([&] { client.deleteJob(jobid); });
  EXPECT_THAT(conflict.jobIds(), ElementsAre(jobid));

  server_->queueFault(fault("GET /jobs/", 500, R"({"error":"boom"})", /*times=*/10));
  ClientOptions no_retries = clientOptions();
  no_retries.retry.max_attempts = 1;
  Client impatient(no_retries);
  const auto failed = thrownBy<ServerError>([&] { impatient.getJob(jobid); });
  EXPECT_THAT(failed.jobIds(), ElementsAre(jobid));
  EXPECT_THAT(failed.what(), HasSubstr(jobid));
}

TEST_F(JobIdsInErrors, AFailedJobNamesItself) {
  Client client(clientOptions());
  const std::string jobid = client.generateVideo(videoRequest("[mock:fail] a fox")).jobid;
  const auto error = thrownBy<JobFailedError>([&] { client.awaitJob(jobid, fastPolling()); });
  EXPECT_THAT(error.jobIds(), ElementsAre(jobid));
  EXPECT_EQ(error.job().jobid, jobid);
}

TEST_F(JobIdsInErrors, ErrorsBeforeAnyJobExistsNameNone) {
  Client client(clientOptions());
  VideoRequest invalid;  // no prompt
  const auto error = thrownBy<ValidationError>([&] { client.generateVideo(invalid); });
  EXPECT_THAT(error.jobIds(), IsEmpty());
  server_->queueFault(fault("POST /videos", 402, R"({"error":"Subscription expired"})"));
  const auto unpaid = thrownBy<PaymentRequiredError>([&] { client.generateVideo(videoRequest()); });
  EXPECT_THAT(unpaid.jobIds(), IsEmpty());
  EXPECT_EQ(server_->jobsCreated(), 0u);
}

TEST_F(JobIdsInErrors, CopiesKeepTheIdsAndTheMessage) {
  Client client(clientOptions());
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  PollOptions options = fastPolling();
  options.cancel.cancel();
  const auto error = thrownBy<CancelledError>([&] { client.awaitJob(jobid, options); });
  // The copy is the test: sliced to the base, as a catch (Error e) would.
  // NOLINTNEXTLINE(performance-unnecessary-copy-initialization)
  const Error copy = error;
  EXPECT_THAT(copy.jobIds(), ElementsAre(jobid));
  EXPECT_STREQ(copy.what(), error.what());
}

}  // namespace
}  // namespace useapi::luma::testing
