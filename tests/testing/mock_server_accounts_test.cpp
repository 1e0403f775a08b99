// testing::MockServer with several accounts, through the public API only: the accounts it
// starts with, jobs of other processes holding slots, expired sessions, and per-kind durations.

#include <gtest/gtest.h>

#include <chrono>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "useapi/luma.hpp"
#include "useapi/luma/testing/mock_server.hpp"

namespace useapi::luma {
namespace {

using namespace std::chrono_literals;
using testing::MockSecondsRange;
using testing::MockServer;
using testing::MockServerOptions;

VideoRequest video(const std::optional<std::string>& email = std::nullopt) {
  VideoRequest request;
  request.prompt = "a red fox in the snow";
  request.email = email;
  return request;
}

// A client that gives up at the first 429 (the kit's options retry it).
Client clientOf(const MockServer& server) {
  ClientOptions options = server.clientOptions();
  options.retry.max_attempts = 1;
  return Client(options);
}

// Each account's `executing` from listAccounts, keyed by email.
std::map<std::string, int> executingByAccount(Client& client) {
  std::map<std::string, int> executing;
  for (const Account& account : client.listAccounts()) {
    executing[account.email] = account.executing.value_or(-1);
  }
  return executing;
}

// Two accounts of 2 slots each, whose jobs run longer than a test: every slot taken stays taken.
MockServerOptions twoAccountsOfTwoSlotsWithLongJobs() {
  MockServerOptions options;
  options.accounts = 2;
  options.concurrency = 2;
  options.job_seconds = 60;
  return options;
}

TEST(MockServerAccounts, StartsWithTheConfiguredAccountsEachWithItsConcurrency) {
  MockServerOptions options;
  options.accounts = 3;
  options.concurrency = 2;
  MockServer server(options);
  EXPECT_EQ(
      server.accountEmails(),
      (std::vector<std::string>{"mock@example.com", "mock2@example.com", "mock3@example.com"}));
  Client client = clientOf(server);
  const std::vector<Account> accounts = client.listAccounts();
  ASSERT_EQ(accounts.size(), 3U);
  for (const Account& account : accounts) {
    EXPECT_EQ(account.concurrency, 2) << account.email;
    EXPECT_EQ(account.executing, 0) << account.email;
    EXPECT_FALSE(account.error.has_value()) << account.email;
  }
  EXPECT_EQ(MockServer().accountEmails(), std::vector<std::string>{"mock@example.com"});
}

TEST(MockServerAccounts, JobsWithoutEmailSpreadOverAccountsWithRoomThen429) {
  MockServer server(twoAccountsOfTwoSlotsWithLongJobs());
  Client client = clientOf(server);
  for (int i = 0; i < 4; ++i) client.generateVideo(video());
  EXPECT_EQ(executingByAccount(client),
            (std::map<std::string, int>{{"mock@example.com", 2}, {"mock2@example.com", 2}}));
  EXPECT_THROW(client.generateVideo(video()), CapacityError);
  EXPECT_EQ(server.capacityRefusals(), 1U);
}

TEST(MockServerAccounts, ForeignJobsHoldSlotsUntilTheyEnd) {
  MockServer server(twoAccountsOfTwoSlotsWithLongJobs());
  const std::string second = server.accountEmails()[1];
  const std::vector<std::string> foreign = server.addForeignJobs(second, 2, 1.5);
  ASSERT_EQ(foreign.size(), 2U);
  Client client = clientOf(server);
  EXPECT_EQ(executingByAccount(client)[second], 2);
  const JobList running = client.listJobs();
  EXPECT_EQ(running.executing, 2);
  for (const JobSummary& job : running.jobs) {
    EXPECT_EQ(job.account, second) << job.jobid;
    EXPECT_EQ(job.model, "ray-v3-flash") << job.jobid;
  }
  EXPECT_THROW(client.generateVideo(video(second)), CapacityError);
  EXPECT_EQ(server.jobsCreated(), 0U) << "not created through this server's requests";

  for (const auto& jobid : foreign) {
    EXPECT_EQ(client.awaitJob(jobid, server.pollOptions()).status, JobStatus::Completed);
  }
  EXPECT_EQ(executingByAccount(client)[second], 0);
  EXPECT_NO_THROW(client.generateVideo(video(second)));
  EXPECT_THROW(server.addForeignJobs("nobody@example.com", 1, 1), std::invalid_argument);
  EXPECT_THROW(server.addForeignJobs(second, 1, 1, "audio"), std::invalid_argument);
}

TEST(MockServerAccounts, AnExpiredAccountAnswers596UntilRestored) {
  MockServerOptions options;
  options.accounts = 2;
  MockServer server(options);
  const std::string second = server.accountEmails()[1];
  server.expireAccount(second);
  Client client = clientOf(server);
  EXPECT_THROW(client.generateVideo(video(second)), SessionError);
  EXPECT_TRUE(client.getAccount(second).error.has_value());
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(client.generateVideo(video()).jobid.find("email:" + second), std::string::npos)
        << "a job without email never runs on the expired account";
  }
  server.restoreAccount(second);
  EXPECT_FALSE(client.getAccount(second).error.has_value());
  EXPECT_NO_THROW(client.generateVideo(video(second)));
  EXPECT_THROW(server.expireAccount("nobody@example.com"), std::invalid_argument);
  EXPECT_THROW(server.restoreAccount("nobody@example.com"), std::invalid_argument);
}

TEST(MockServerAccounts, JobSecondsForOverridesJobSecondsPerKind) {
  MockServerOptions options;
  options.job_seconds = 60;  // images keep it
  options.job_seconds_for = {{"video", MockSecondsRange{0.1, 0.2}}};
  MockServer server(options);
  Client client = clientOf(server);
  const auto start = std::chrono::steady_clock::now();
  const Job done = client.awaitJob(client.generateVideo(video()).jobid, server.pollOptions());
  EXPECT_EQ(done.status, JobStatus::Completed);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);

  MockServerOptions long_images;
  long_images.job_seconds = 0.5;
  long_images.job_seconds_for = {{"image:1080p", MockSecondsRange{1, 100}}};
  EXPECT_GT(MockServer(long_images).pollOptions().timeout, 100s)
      << "the polling deadline allows the longest kind";
}

TEST(MockServerAccounts, RefusesAccountsAndRangesItCannotHonour) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  MockServerOptions negative;
  negative.accounts = -1;
  EXPECT_THROW(MockServer{negative}, std::invalid_argument);
  for (const MockSecondsRange& range : {MockSecondsRange{-1, 1}, MockSecondsRange{2, 1},
                                        MockSecondsRange{nan, 1}, MockSecondsRange{0, 1e9}}) {
    MockServerOptions options;
    options.job_seconds_for["video"] = range;
    EXPECT_THROW(MockServer{options}, std::invalid_argument) << range.min << "-" << range.max;
  }
}

}  // namespace
}  // namespace useapi::luma
