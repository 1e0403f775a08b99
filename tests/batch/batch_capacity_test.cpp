// Submission by free slots across accounts, with slots held by jobs that are not the batch's.

#include <gmock/gmock.h>

#include "batch/batch_fixture.hpp"

namespace useapi::luma::testing {
namespace {

class BatchCapacity : public BatchTest {
 protected:
  /// A job of another program of the same user, holding a slot of `account`.
  void foreignJob(const std::string& account) const {
    Client other(clientOptions());
    VideoRequest request = videoRequest("someone else's job");
    request.email = account;
    other.generateVideo(request);
  }
};

TEST_F(BatchCapacity, ItemsFillTheFreeSlotsOfEveryAccountAndRespectForeignJobs) {
  addSecondAccount();
  foreignJob(kFirstAccount);
  foreignJob(kSecondAccount);
  int over_capacity = 0;
  int most_ours = 0;
  bool foreign_seen = false;
  bool eta_seen = false;
  BatchOptions options = batchOptions();
  options.on_progress = [&](const BatchProgress& progress) {
    eta_seen = eta_seen || (progress.eta.has_value() && progress.queued > 0);
    int ours = 0;
    for (const auto& account : progress.accounts) {
      if (account.ours + account.foreign > account.capacity) ++over_capacity;
      foreign_seen = foreign_seen || account.foreign > 0;
      ours += account.ours;
    }
    most_ours = std::max(most_ours, ours);
  };

  const BatchReport report = runBatch(batchClientOptions(), videos(8), options);

  EXPECT_EQ(report.count(BatchItemState::Completed), 8u);
  EXPECT_TRUE(foreign_seen);
  EXPECT_TRUE(eta_seen) << "an ETA once a job ended, while items were queued";
  EXPECT_EQ(over_capacity, 0);
  EXPECT_GE(most_ours, 2) << "both accounts were used at once";
  EXPECT_LE(most_ours, 4);
  // The mock answers 429 past an account's capacity: every POST created a job.
  EXPECT_EQ(generationPosts(), server_->jobsCreated()) << "a POST met a full account";
  std::set<std::string> accounts;
  for (const auto& item : report.items) accounts.insert(item.account);
  EXPECT_EQ(accounts.size(), 2u);
}

TEST_F(BatchCapacity, AFullAccountIsProbedOnceThenLeftUntilASlotOfOursFrees) {
  addSecondAccount();
  bool filled = false;
  BatchOptions options = batchOptions();
  options.accounts_refresh = std::chrono::hours(1);  // no re-read: only our own jobs free slots
  options.on_progress = [&](const BatchProgress&) {
    // After the batch read the accounts, another program fills the second account.
    if (!filled) {
      filled = true;
      foreignJob(kSecondAccount);
      foreignJob(kSecondAccount);
    }
  };

  const BatchReport report = runBatch(batchClientOptions(), videos(5), options);

  EXPECT_EQ(report.count(BatchItemState::Completed), 5u);
  const std::size_t refused = generationPosts() - server_->jobsCreated();
  EXPECT_EQ(refused, 1u) << "the full account was probed once, not once per item";
  for (const auto& item : report.items) EXPECT_EQ(item.account, kFirstAccount) << item.id;
}

TEST_F(BatchCapacity, APinnedItemWaitsForItsAccountWhileOthersGo) {
  addSecondAccount();
  std::vector<BatchItem> items = videos(4);
  items.push_back(video("pinned", "a pinned scene", kFirstAccount));
  const BatchReport report = runBatch(batchClientOptions(), items, batchOptions());

  EXPECT_EQ(report.count(BatchItemState::Completed), 5u);
  EXPECT_EQ(report.items.back().account, kFirstAccount);
  EXPECT_EQ(generationPosts(), server_->jobsCreated());
}

TEST_F(BatchCapacity, AReReadOfTheAccountsThatFailsLeavesTheLastNumbersStanding) {
  bool broken = false;
  BatchOptions options = batchOptions();
  options.on_progress = [&](const BatchProgress&) {
    if (!broken) {  // after the first read, every later one fails (the client's retries too)
      broken = true;
      server_->queueFault(fault("GET /accounts", 503, R"({"error":"down"})", 1000));
    }
  };
  const BatchReport report = runBatch(batchClientOptions(), videos(4), options);
  EXPECT_EQ(report.count(BatchItemState::Completed), 4u);
  EXPECT_GT(received("GET", "/accounts").size(), 1u) << "the accounts were read again";
}

}  // namespace
}  // namespace useapi::luma::testing
