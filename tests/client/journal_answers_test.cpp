// What the journal learns from odd answers: a creation answer that names jobs but fails to
// decode still journals them; only the API's own 404 makes a job leave the journal.

#include <gmock/gmock.h>

#include "client/journal_fixture.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

using JournalAnswers = JournalTest;

// Ids of the real shape (seed page POST /images): the batch shares everything before the uuid.
const std::string kPrefix = "j0326140530123456789i-u12345-email:fox@example.com:";
const std::string kParent = kPrefix + "a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:luma";
const std::vector<std::string> kChildren = {
    kPrefix + "b2c3d4e5-f6a7-8901-bcde-f23456789012-bot:luma",
    kPrefix + "c3d4e5f6-a7b8-9012-cdef-345678901234-bot:luma",
    kPrefix + "d4e5f6a7-b890-1234-defa-456789012345-bot:luma",
    kPrefix + "e5f6a7b8-9012-3456-efab-567890123456-bot:luma"};
const std::string kVideo =
    "j0326140530123456789v-u12345-email:fox@example.com:a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:"
    "luma";

std::string childrenJson() {
  std::string json;
  for (const auto& child : kChildren) json += (json.empty() ? "\"" : ",\"") + child + "\"";
  return "[" + json + "]";
}

struct UndecodableCreation {
  const char* what;
  bool images;
  std::string body;
  std::vector<std::string> named;
};

TEST_F(JournalAnswers, ACreationAnswerThatFailsToDecodeStillJournalsTheJobsItNames) {
  const UndecodableCreation cases[] = {
      {"a video answer cut short",
       false,
       R"({"jobid":")" + kVideo + R"(","type":"video","status":"created","created":)",
       {kVideo}},
      {"a video answer with a field of the wrong type",
       false,
       R"({"jobid":")" + kVideo + R"(","type":"video","status":["created"],"created":17})",
       {kVideo}},
      {"a batch answer cut short", true,
       R"({"jobid":")" + kParent + R"(","jobids":)" + childrenJson() + R"(,"type":"image","count)",
       kChildren},
      {"a batch answer with an id of the wrong type", true,
       R"({"jobid":")" + kParent + R"(","jobids":)" +
           childrenJson().substr(0, childrenJson().size() - 1) + R"(,5],"type":"image","count":4})",
       kChildren},
  };
  for (const auto& creation : cases) {
    SCOPED_TRACE(creation.what);
    const fs::path journal = folder_ / "jobs.journal";
    {
      Client client(journaled(journal));
      server_->queueFault(
          fault(creation.images ? "POST /images" : "POST /videos", 200, creation.body));
      try {
        if (creation.images) {
          ImageRequest request;
          request.prompt = "four foxes";
          client.generateImages(request);
        } else {
          client.generateVideo(videoRequest());
        }
        ADD_FAILURE() << "the answer decoded";
      } catch (const Error& error) {
        EXPECT_THAT(error.jobIds(), ElementsAreArray(creation.named));
      }
      EXPECT_THAT(client.unacknowledgedJobs(), ElementsAreArray(creation.named));
    }
    EXPECT_THAT(unfinishedIn(journal), ElementsAreArray(creation.named));
    fs::remove(journal);
  }
}

struct NotTheApisAnswer {
  const char* what;
  std::string body;
  std::string content_type;
};

TEST_F(JournalAnswers, A404ThatIsNotTheApisOwnAnswerKeepsTheJobOpen) {
  const NotTheApisAnswer answers[] = {
      {"a proxy's page", "<html><body><h1>404 Not Found</h1>nginx</body></html>", "text/html"},
      {"an empty body", "", "application/json"},
      {"another server's JSON", R"({"error":"Not Found","status":404,"path":"/v1/lumax/jobs"})",
       "application/json"},
      {"JSON without an error", R"({"message":"Job not found"})", "application/json"},
  };
  const fs::path journal = folder_ / "jobs.journal";
  Client client(journaled(journal));
  Client other(clientOptions());
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  other.awaitJob(jobid, fastPolling());
  for (const auto& answer : answers) {
    SCOPED_TRACE(answer.what);
    mock::Fault page = fault("GET /jobs/", 404, answer.body, /*times=*/1);
    page.content_type = answer.content_type;
    server_->queueFault(page);
    EXPECT_THROW(client.getJob(jobid), NotFoundError);
    server_->queueFault(page);
    EXPECT_THROW(client.awaitJob(jobid, fastPolling()), NotFoundError);
    server_->queueFault(page);
    EXPECT_THROW(client.awaitJobAsync(jobid, fastPolling()).get(), NotFoundError);
    page.route = "DELETE /jobs/";
    server_->queueFault(page);
    EXPECT_THROW(client.deleteJob(jobid), NotFoundError);
    EXPECT_THAT(client.unacknowledgedJobs(), ElementsAre(jobid));
  }

  // The API's own answer, {"error":"Job not found"}: the job is gone, nothing more to do.
  other.deleteJob(jobid);
  EXPECT_THROW(client.awaitJob(jobid, fastPolling()), NotFoundError);
  EXPECT_THAT(client.unacknowledgedJobs(), IsEmpty());
}

}  // namespace
}  // namespace useapi::luma::testing
