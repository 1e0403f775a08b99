// The connection of makeConnection() under a Client, against an in-process luma-mock.

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <string>

#include "support/mock_api_test.hpp"
#include "support/temp_folder.hpp"
#include "useapi/luma.hpp"
#include "useapi/luma/connection.hpp"

namespace useapi::luma::testing {
namespace {

class RealConnection : public MockApiTest {};

TEST_F(RealConnection, AClientOverItGeneratesAndAwaitsAJob) {
  Client client(makeConnection(clientOptions()));
  const Job created = client.generateVideo(videoRequest());
  const Job done = client.awaitJob(created.jobid, fastPolling());
  EXPECT_EQ(done.jobid, created.jobid);
  EXPECT_EQ(done.status, JobStatus::Completed);
}

TEST_F(RealConnection, ClientsSharingItKeepItUntilTheLastLetsGo) {
  auto connection = makeConnection(clientOptions());
  std::string jobid;
  std::future<Job> waited;
  {
    Client first(connection);
    jobid = first.generateVideo(videoRequest()).jobid;
    waited = first.awaitJobAsync(jobid, fastPolling());
  }
  // The first client is gone, but not the connection: its wait goes on, and so do new calls.
  ASSERT_EQ(waited.wait_for(20s), std::future_status::ready);
  EXPECT_EQ(waited.get().status, JobStatus::Completed);
  Client second(connection);
  EXPECT_EQ(second.getJob(jobid).status, JobStatus::Completed);
}

TEST_F(RealConnection, ItsJournalIsTheClientsJournal) {
  const TempFolder folder("real-connection");
  ClientOptions options = clientOptions();
  options.journal_path = (folder.path() / "jobs.journal").string();
  Client client(makeConnection(options));
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  EXPECT_EQ(client.unfinishedJobs(), std::vector<std::string>{jobid});
  client.awaitJob(jobid, fastPolling());
  EXPECT_TRUE(client.unfinishedJobs().empty());
  EXPECT_EQ(client.unacknowledgedJobs(), std::vector<std::string>{jobid});
  client.acknowledgeJob(jobid);
  EXPECT_TRUE(client.unacknowledgedJobs().empty());
}

TEST_F(RealConnection, BadOptionsAreRefusedWhenItIsMade) {
  ClientOptions options = clientOptions();
  options.base_url = "ftp://example.com/v1/luma";
  EXPECT_THROW(makeConnection(options), Error);
  options = clientOptions();
  options.api_token = "token\nwith a newline";
  EXPECT_THROW(makeConnection(options), Error);
}

}  // namespace
}  // namespace useapi::luma::testing
