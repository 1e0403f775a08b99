// Each outcome of an item: completed, rejected (400, 422), failed (a failed job), its account's
// session expired (596), and the API stopping the batch (401, 402).

#include <gmock/gmock.h>

#include <atomic>

#include "batch/batch_fixture.hpp"

namespace useapi::luma::testing {
namespace {

using ::testing::HasSubstr;

class BatchOutcomes : public BatchTest {};

const BatchItemResult& itemOf(const BatchReport& report, const std::string& id) {
  for (const auto& item : report.items) {
    if (item.id == id) return item;
  }
  throw std::runtime_error("no item " + id);
}

TEST_F(BatchOutcomes, RejectedAndFailedItemsKeepTheirReasonAndTheBatchGoesOn) {
  server_->queueFault(
      fault("POST /videos", 400, R"({"error":"Parameter resolution is not supported"})"));
  const std::vector<BatchItem> items = {
      video("bad-request", "first"), video("moderated", "a [mock:moderate] scene"),
      video("failing", "a [mock:fail] scene"), video("fine", "a calm lake")};
  std::vector<std::string> finals;
  BatchOptions options = batchOptions();
  options.on_result = [&finals](const BatchItemResult& item) { finals.push_back(item.id); };

  const BatchReport report = runBatch(batchClientOptions(), items, options);

  EXPECT_EQ(itemOf(report, "bad-request").state, BatchItemState::Rejected);
  EXPECT_THAT(itemOf(report, "bad-request").error, HasSubstr("resolution is not supported"));
  EXPECT_EQ(itemOf(report, "moderated").state, BatchItemState::Rejected);
  EXPECT_THAT(itemOf(report, "moderated").error, HasSubstr("moderation"));
  EXPECT_EQ(itemOf(report, "failing").state, BatchItemState::Failed);
  EXPECT_EQ(itemOf(report, "failing").jobids.size(), 1u);
  EXPECT_FALSE(itemOf(report, "failing").error.empty());
  EXPECT_EQ(itemOf(report, "fine").state, BatchItemState::Completed);
  EXPECT_EQ(finals.size(), items.size()) << "on_result once per item";
  EXPECT_TRUE(report.stopped_by.empty());
}

TEST_F(BatchOutcomes, AnExpiredSessionQuarantinesItsAccountAndOtherItemsMoveOn) {
  addSecondAccount();
  // kSecondAccount's session has expired: the mock answers 596 to every POST naming it (its
  // GET /accounts summary carries an error too), whichever order the POSTs go out in.
  ASSERT_TRUE(server_->expireAccount(kSecondAccount));
  const std::vector<BatchItem> items = {
      video("moves", "first"), video("pinned", "second", kSecondAccount), video("other", "third")};
  bool quarantine_seen = false;
  BatchOptions options = batchOptions();
  options.on_progress = [&quarantine_seen](const BatchProgress& progress) {
    for (const auto& account : progress.accounts) {
      if (account.email == kSecondAccount && account.quarantined) quarantine_seen = true;
    }
  };

  const BatchReport report = runBatch(batchClientOptions(), items, options);

  EXPECT_TRUE(quarantine_seen);
  EXPECT_EQ(itemOf(report, "moves").state, BatchItemState::Completed);
  EXPECT_EQ(itemOf(report, "moves").account, kFirstAccount);
  EXPECT_EQ(itemOf(report, "other").account, kFirstAccount);
  EXPECT_EQ(itemOf(report, "pinned").state, BatchItemState::Failed);
  EXPECT_THAT(itemOf(report, "pinned").error, HasSubstr("luma account add"));
  EXPECT_THAT(itemOf(report, "pinned").error, HasSubstr(kSecondAccount));
  for (const auto& request : received("POST", "/videos")) {
    EXPECT_THAT(request.body, HasSubstr("\"email\"")) << "every POST names its account";
  }
}

TEST_F(BatchOutcomes, A596AnswerQuarantinesTheAccountAndSaysToReAddIt) {
  // One account: its first POST answers 596, so it is quarantined; that item (not pinned) is
  // put back for another account, and neither item has one left to go to. Nothing more is sent.
  server_->queueFault(fault("POST /videos", 596, R"({"error":"Luma session expired"})"));
  const std::vector<BatchItem> items = {video("first", "first"), video("second", "second")};

  const BatchReport report = runBatch(batchClientOptions(), items, batchOptions());

  for (const auto& item : report.items) {
    EXPECT_EQ(item.state, BatchItemState::Failed) << item.id;
    EXPECT_THAT(item.error, HasSubstr("no usable Luma account")) << item.id;
    EXPECT_THAT(item.error, HasSubstr("luma account add")) << item.id;
  }
  EXPECT_EQ(generationPosts(), 1u) << "nothing is sent to a quarantined account";
}

TEST_F(BatchOutcomes, AnItemPinnedToAnAccountThatIsNotConfiguredIsRejectedUnsent) {
  const std::vector<BatchItem> items = {video("elsewhere", "a scene", "nobody@example.com"),
                                        video("here", "another scene")};
  const BatchReport report = runBatch(batchClientOptions(), items, batchOptions());
  EXPECT_EQ(itemOf(report, "elsewhere").state, BatchItemState::Rejected);
  EXPECT_THAT(itemOf(report, "elsewhere").error, HasSubstr("nobody@example.com"));
  EXPECT_EQ(itemOf(report, "elsewhere").attempts, 0);
  EXPECT_EQ(itemOf(report, "here").state, BatchItemState::Completed);
  EXPECT_EQ(generationPosts(), 1u);
}

class BatchStoppedByApi : public BatchOutcomes, public ::testing::WithParamInterface<int> {};

TEST_P(BatchStoppedByApi, NothingNewIsSubmittedAndRunningJobsAreStillSaved) {
  const int status = GetParam();
  std::atomic<bool> queued{false};
  BatchOptions options = batchOptions();
  options.on_progress = [&](const BatchProgress&) {
    // Both slots hold a job: the next POST, once one frees, meets the fault.
    if (server_->jobsCreated() == 2 && !queued.exchange(true)) {
      server_->queueFault(fault("POST /videos", status, R"({"error":"Subscription expired"})"));
    }
  };

  const BatchReport report = runBatch(batchClientOptions(), videos(5), options);

  EXPECT_THAT(report.stopped_by, HasSubstr("Subscription expired"));
  EXPECT_EQ(report.count(BatchItemState::Completed), 2u);
  EXPECT_EQ(report.count(BatchItemState::Queued), 3u);
  EXPECT_EQ(server_->jobsCreated(), 2u);
  EXPECT_EQ(generationPosts(), 3u) << "one POST met the fault, none followed";
  for (const auto& item : report.items) {
    if (item.state != BatchItemState::Completed) continue;
    ASSERT_EQ(item.files.size(), 1u);
    EXPECT_TRUE(std::filesystem::exists(item.files[0]));
  }
  EXPECT_EQ(readBatchState(options.state_file).stopped_by, report.stopped_by);
}

INSTANTIATE_TEST_SUITE_P(UnauthorizedAndPaymentRequired, BatchStoppedByApi,
                         ::testing::Values(401, 402));

}  // namespace
}  // namespace useapi::luma::testing
