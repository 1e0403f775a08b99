// The state file: a rerun resumes without creating any job again, another batch's file is
// refused, and the file can be read while the batch runs.

#include <gmock/gmock.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "batch/batch_fixture.hpp"

namespace useapi::luma::testing {
namespace {

using ::testing::HasSubstr;

namespace fs = std::filesystem;

class BatchResume : public BatchTest {};

TEST_F(BatchResume, ASecondRunSkipsCompletedItemsAndCreatesNoJob) {
  const std::vector<BatchItem> items = {video("a"), image("b"), video("c")};
  const BatchReport first = runBatch(batchClientOptions(), items, batchOptions());
  ASSERT_EQ(first.count(BatchItemState::Completed), 3u);
  const std::size_t jobs = server_->jobsCreated();
  const std::size_t posts = generationPosts();

  int results = 0;
  BatchOptions options = batchOptions();
  options.on_result = [&results](const BatchItemResult&) { ++results; };
  const BatchReport second = runBatch(batchClientOptions(), items, options);

  EXPECT_EQ(second.count(BatchItemState::Completed), 3u);
  EXPECT_EQ(server_->jobsCreated(), jobs);
  EXPECT_EQ(generationPosts(), posts);
  EXPECT_EQ(results, 0) << "no item became final in the second run";
  for (std::size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ(second.items[i].jobids, first.items[i].jobids);
    EXPECT_EQ(second.items[i].files, first.items[i].files);
  }
}

TEST_F(BatchResume, AStateFileOfOtherItemsIsRefusedNamingTheFirstDifference) {
  runBatch(batchClientOptions(), {video("a", "first prompt"), video("b")}, batchOptions());
  const std::size_t posts = generationPosts();
  struct Case {
    const char* name;
    std::vector<BatchItem> items;
    const char* names;
  };
  const std::vector<Case> cases = {
      {"another request", {video("a", "another prompt"), video("b")}, "item 1 (a)"},
      {"another id", {video("a", "first prompt"), video("z")}, "item 2 is \"b\" there"},
      {"another order", {video("b"), video("a", "first prompt")}, "item 1 is \"a\" there"},
      {"one more item", {video("a", "first prompt"), video("b"), video("c")}, "2 items"},
  };
  for (const Case& c : cases) {
    try {
      runBatch(batchClientOptions(), c.items, batchOptions());
      ADD_FAILURE() << c.name << ": accepted";
    } catch (const ValidationError& error) {
      ADD_FAILURE() << c.name << ": " << error.what();
    } catch (const Error& error) {
      EXPECT_THAT(error.what(), HasSubstr("different batch")) << c.name;
      EXPECT_THAT(error.what(), HasSubstr(c.names)) << c.name;
    }
  }
  EXPECT_EQ(generationPosts(), posts);
}

TEST_F(BatchResume, AFileThatIsNotABatchStateIsRefusedAndLeftUnchanged) {
  const BatchOptions options = batchOptions();
  {
    std::ofstream out(options.state_file, std::ios::binary);
    out << "not a batch state file\n";
  }
  EXPECT_THROW(runBatch(batchClientOptions(), videos(1), options), Error);
  EXPECT_THROW(readBatchState(options.state_file), Error);
  std::ifstream in(options.state_file, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), "not a batch state file\n");
  EXPECT_TRUE(server_->requests().empty());
  EXPECT_THROW(readBatchState(folder_->path() / "missing.state"), Error);
}

TEST_F(BatchResume, TheStateFileIsReadWhileTheBatchRunsAndASecondRunnerIsRefused) {
  BatchOptions options = batchOptions();
  std::atomic<bool> done{false};
  std::atomic<int> reads{0};
  std::atomic<int> running_seen{0};
  std::string read_error;
  std::thread reader([&] {
    while (!done) {
      try {
        if (fs::exists(options.state_file)) {
          const BatchReport now = readBatchState(options.state_file);
          ++reads;
          if (now.count(BatchItemState::Running) > 0) ++running_seen;
        }
      } catch (const std::exception& error) {
        if (reads > 0) read_error = error.what();  // before, the file may be just being created
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  std::string second_runner;
  options.on_progress = [&](const BatchProgress& progress) {
    if (progress.running == 0 || !second_runner.empty()) return;
    try {
      runBatch(batchClientOptions(), videos(4), options);
      second_runner = "accepted";
    } catch (const Error& error) {
      second_runner = error.what();
    }
  };

  const BatchReport report = runBatch(batchClientOptions(), videos(4), options);
  done = true;
  reader.join();

  EXPECT_EQ(report.count(BatchItemState::Completed), 4u);
  EXPECT_THAT(second_runner, HasSubstr("in use"));
  EXPECT_TRUE(read_error.empty()) << read_error;
  EXPECT_GT(reads.load(), 0);
  EXPECT_GT(running_seen.load(), 0) << "a running item was seen from the file";
  const BatchReport after = readBatchState(options.state_file);
  ASSERT_EQ(after.items.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(after.items[i].state, BatchItemState::Completed);
    EXPECT_EQ(after.items[i].files, report.items[i].files);
    EXPECT_EQ(after.items[i].jobids, report.items[i].jobids);
  }
}

TEST_F(BatchResume, StopSubmittingLetsRunningJobsFinishAndARerunDoesTheRest) {
  BatchOptions options = batchOptions();
  options.on_progress = [&options](const BatchProgress& progress) {
    if (progress.running == 2) options.stop_submitting.cancel();
  };
  const BatchReport first = runBatch(batchClientOptions(), videos(5), options);
  EXPECT_TRUE(first.interrupted);
  EXPECT_EQ(first.count(BatchItemState::Completed), 2u);
  EXPECT_EQ(first.count(BatchItemState::Queued), 3u);

  const BatchReport second = runBatch(batchClientOptions(), videos(5), batchOptions());
  EXPECT_FALSE(second.interrupted);
  EXPECT_EQ(second.count(BatchItemState::Completed), 5u);
  EXPECT_EQ(server_->jobsCreated(), 5u);
}

TEST_F(BatchResume, CancelStopsAtOnceAndARerunWaitsForTheRunningJobsByTheirIds) {
  BatchOptions options = batchOptions();
  std::chrono::steady_clock::time_point cancelled_at{};
  options.on_progress = [&](const BatchProgress& progress) {
    if (progress.running == 2 && !options.cancel.cancelled()) {
      cancelled_at = std::chrono::steady_clock::now();
      options.cancel.cancel();
    }
  };
  const BatchReport first = runBatch(batchClientOptions(), videos(4), options);
  const auto took = std::chrono::steady_clock::now() - cancelled_at;
  EXPECT_LT(took, std::chrono::milliseconds(250)) << "cancel took as long as a job";
  EXPECT_TRUE(first.interrupted);
  EXPECT_EQ(first.count(BatchItemState::Running), 2u);
  EXPECT_EQ(readBatchState(options.state_file).count(BatchItemState::Running), 2u);
  EXPECT_TRUE(readBatchState(options.state_file).interrupted);

  const BatchReport second = runBatch(batchClientOptions(), videos(4), batchOptions());
  EXPECT_EQ(second.count(BatchItemState::Completed), 4u);
  EXPECT_EQ(server_->jobsCreated(), 4u) << "the running jobs were awaited, not sent again";
  for (std::size_t i = 0; i < 2; ++i) EXPECT_EQ(second.items[i].jobids, first.items[i].jobids);
}

}  // namespace
}  // namespace useapi::luma::testing
