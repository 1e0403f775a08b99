// Results are saved as each item finishes, under names from the item's id, and a failed download
// is retried from the job id without a new job.

#include <gmock/gmock.h>

#include "batch/batch_fixture.hpp"

namespace useapi::luma::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace fs = std::filesystem;

class BatchFiles : public BatchTest {};

std::vector<std::string> namesOf(const std::vector<fs::path>& files) {
  std::vector<std::string> names;
  for (const auto& file : files) names.push_back(file.filename().string());
  return names;
}

TEST_F(BatchFiles, EachItemsFilesAreNamedFromItsIdAndOnDiskWhenItCompletes) {
  const std::vector<BatchItem> items = {video("fox"), image("birds")};
  int missing_at_result = 0;
  BatchOptions options = batchOptions();
  options.on_result = [&](const BatchItemResult& item) {
    EXPECT_EQ(item.state, BatchItemState::Completed) << item.error;
    EXPECT_TRUE(item.saved_ms.has_value());
    for (const auto& file : item.files) missing_at_result += fs::exists(file) ? 0 : 1;
  };

  const BatchReport report = runBatch(batchClientOptions(), items, options);

  EXPECT_EQ(missing_at_result, 0);
  EXPECT_THAT(namesOf(report.items[0].files), ElementsAre("fox.mp4"));
  EXPECT_THAT(namesOf(report.items[1].files),
              ElementsAre("birds-1.png", "birds-2.png", "birds-3.png", "birds-4.png"));
  EXPECT_EQ(report.items[1].jobids.size(), 4u);
  EXPECT_FALSE(report.items[1].batch_jobid.empty());
  for (const auto& item : report.items) {
    for (const auto& file : item.files) {
      EXPECT_EQ(file.parent_path(), options.output_dir);
      EXPECT_GT(fs::file_size(file), 0u);
    }
  }
}

TEST_F(BatchFiles, TheFirstFilesAreOnDiskWhileLaterItemsStillRun) {
  BatchOptions options = batchOptions();
  std::size_t unfinished_at_first_result = 0;
  bool first = true;
  options.on_result = [&](const BatchItemResult& item) {
    if (!first) return;
    first = false;
    EXPECT_TRUE(fs::exists(item.files.at(0)));
    for (const auto& other : readBatchState(options.state_file).items) {
      const auto state = other.state;
      unfinished_at_first_result += state == BatchItemState::Queued ||
                                    state == BatchItemState::Running ||
                                    state == BatchItemState::Submitting;
    }
  };
  const BatchReport report = runBatch(batchClientOptions(), videos(6), options);
  EXPECT_EQ(report.count(BatchItemState::Completed), 6u);
  EXPECT_GE(unfinished_at_first_result, 3u) << "saving waited for the whole batch";
}

TEST_F(BatchFiles, AFailedDownloadIsRetriedFromTheJobIdWithoutANewJob) {
  // Four 500s: the client's own retries of the first download all fail, the batch's next try
  // (from a fresh record) succeeds.
  server_->queueFault(fault("GET /media/", 500, R"({"error":"busy"})", 4));
  const BatchReport report = runBatch(batchClientOptions(), {video("fox")}, batchOptions());

  ASSERT_EQ(report.items[0].state, BatchItemState::Completed) << report.items[0].error;
  EXPECT_TRUE(fs::exists(report.items[0].files.at(0)));
  EXPECT_EQ(server_->jobsCreated(), 1u);
  EXPECT_GE(received("GET", "/jobs/").size(), 2u) << "the job was read again for a fresh URL";
}

TEST_F(BatchFiles, AnItemThatCannotBeSavedFailsAndKeepsItsJob) {
  server_->queueFault(fault("GET /media/", 500, R"({"error":"gone"})", 1000));
  const BatchReport report = runBatch(batchClientOptions(), {video("fox")}, batchOptions());

  EXPECT_EQ(report.items[0].state, BatchItemState::Failed);
  EXPECT_THAT(report.items[0].error, HasSubstr("could not be saved"));
  EXPECT_EQ(report.items[0].jobids.size(), 1u);
  EXPECT_EQ(server_->jobsCreated(), 1u);
}

}  // namespace
}  // namespace useapi::luma::testing
