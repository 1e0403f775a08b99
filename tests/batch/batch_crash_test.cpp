// A batch killed (SIGKILL) at each step of an item's life, then run again: no job is created
// twice, and every item ends completed or, at most one per POST in flight, uncertain.

#include <gmock/gmock.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <set>
#include <thread>

#include "batch/batch_fixture.hpp"

extern char** environ;

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr int kItems = 6;

std::vector<BatchItem> crashItems() {
  std::vector<BatchItem> items;
  for (int i = 1; i <= kItems; ++i) {
    VideoRequest request;
    request.prompt = "crash scene " + std::to_string(i);
    items.push_back(BatchItem{"item-" + std::to_string(i), request});
  }
  return items;
}

BatchOptions crashOptions(const fs::path& folder) {
  BatchOptions options;
  options.state_file = folder / "batch.state";
  options.output_dir = folder / "out";
  options.poll.initial_interval = 30ms;
  options.poll.max_interval = 100ms;
  options.poll.timeout = 20s;
  options.accounts_refresh = 100ms;
  return options;
}

// The child of the next tests: this program run again with only this test and the mock's URL
// and the folder in its environment (never a fork of the threaded test process), running the
// batch until it is killed. Skipped in an ordinary run.
TEST(BatchCrashChild, ChildRoleRunsTheBatchUntilKilled) {
  const char* base_url = std::getenv("LUMA_BATCH_CHILD_BASE_URL");
  const char* folder = std::getenv("LUMA_BATCH_CHILD_FOLDER");
  if (base_url == nullptr || folder == nullptr) GTEST_SKIP() << "only run as a crash test's child";
  ClientOptions client;
  client.api_token = kTestToken;
  client.base_url = base_url;
  client.retry.initial_backoff = 10ms;
  client.retry.max_backoff = 50ms;
  runBatch(client, crashItems(), crashOptions(folder));
}

/// Where the child is killed: once the mock has received `posts` generation POSTs, or once
/// `files` results are on disk.
struct KillPoint {
  const char* name;
  std::size_t posts = 0;
  std::size_t files = 0;
};

void PrintTo(const KillPoint& point, std::ostream* out) {  // NOLINT(readability-identifier-naming)
  *out << point.name;
}

class BatchCrashTest : public BatchTest {
 protected:
  pid_t spawnChild() const {
    std::vector<std::string> env_strings;
    for (char** entry = environ; *entry != nullptr; ++entry) env_strings.emplace_back(*entry);
    env_strings.push_back("LUMA_BATCH_CHILD_BASE_URL=" + server_->baseUrl());
    env_strings.push_back("LUMA_BATCH_CHILD_FOLDER=" + folder_->path().string());
    std::vector<char*> env;
    for (auto& entry : env_strings) env.push_back(entry.data());
    env.push_back(nullptr);
    std::string program = "/proc/self/exe";
    std::string filter = "--gtest_filter=BatchCrashChild.ChildRoleRunsTheBatchUntilKilled";
    std::vector<char*> argv = {program.data(), filter.data(), nullptr};
    pid_t child = -1;
    const int failed =
        ::posix_spawn(&child, "/proc/self/exe", nullptr, nullptr, argv.data(), env.data());
    return failed == 0 ? child : -1;
  }

  std::size_t filesSaved() const {
    std::size_t files = 0;
    std::error_code ignored;
    for (const auto& entry : fs::directory_iterator(folder_->path() / "out", ignored)) {
      files += entry.path().extension() == ".mp4" ? 1 : 0;
    }
    return files;
  }
};

class BatchCrash : public BatchCrashTest, public ::testing::WithParamInterface<KillPoint> {};

TEST_P(BatchCrash, ARerunAfterSigkillCreatesNoJobTwiceAndFinishesEveryItem) {
  const KillPoint point = GetParam();
  const pid_t child = spawnChild();
  ASSERT_GT(child, 0);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  bool reached = false;
  while (!reached && std::chrono::steady_clock::now() < deadline) {
    reached = point.posts > 0 ? generationPosts() >= point.posts : filesSaved() >= point.files;
    if (!reached) std::this_thread::sleep_for(1ms);
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(reached) << "the child never reached the kill point";
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child ended before it was killed";

  const BatchReport report =
      runBatch(batchClientOptions(), crashItems(), crashOptions(folder_->path()));

  std::set<std::string> jobids;
  std::size_t uncertain = 0;
  for (const auto& item : report.items) {
    if (item.state == BatchItemState::Uncertain) {
      ++uncertain;
      continue;
    }
    ASSERT_EQ(item.state, BatchItemState::Completed) << item.id << ": " << item.error;
    ASSERT_EQ(item.jobids.size(), 1u);
    EXPECT_TRUE(jobids.insert(item.jobids[0]).second) << "two items share job " << item.jobids[0];
    ASSERT_EQ(item.files.size(), 1u);
    EXPECT_TRUE(fs::exists(item.files[0])) << item.files[0];
  }
  EXPECT_LE(uncertain, 1u) << "one POST at a time is in flight";
  EXPECT_LE(server_->jobsCreated(), static_cast<std::size_t>(kItems)) << "a job was created twice";
  EXPECT_GE(server_->jobsCreated(), jobids.size());
  EXPECT_LE(server_->jobsCreated(), jobids.size() + uncertain)
      << "a job was created that no item holds, beyond the uncertain ones";
}

INSTANTIATE_TEST_SUITE_P(EachStep, BatchCrash,
                         ::testing::Values(KillPoint{"right after the first POST", 1, 0},
                                           KillPoint{"right after the third POST", 3, 0},
                                           KillPoint{"once a file is saved", 0, 1},
                                           KillPoint{"once four files are saved", 0, 4}),
                         [](const ::testing::TestParamInfo<KillPoint>& info) {
                           return std::string("Point") + std::to_string(info.index);
                         });

// Jobs outlive the rerun's first look at GET /jobs, so that a job created by a POST whose
// answer never reached the killed process is still running when the rerun looks for it.
class BatchCrashInFlight : public BatchCrashTest {
 protected:
  std::chrono::milliseconds jobDuration() const override { return 1500ms; }
  int concurrency() const override { return kItems; }
};

TEST_F(BatchCrashInFlight, AJobWhosePostWasUnansweredAtTheKillIsAdoptedNeverCreatedAgain) {
  // The first POST creates its job, then its answer is held back: the child dies with the POST
  // in flight and its item Submitting on disk. The rerun must find that job among the
  // account's running jobs and adopt it, not send the item again nor call it uncertain.
  mock::Fault held;
  held.route = "POST /videos";
  held.status = 0;  // the route's own answer, once the stall is over
  held.after_acting = true;
  held.stall_ms = 10000;
  server_->queueFault(held);
  const pid_t child = spawnChild();
  ASSERT_GT(child, 0);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (server_->jobsCreated() < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_EQ(server_->jobsCreated(), 1u) << "the held POST's job exists before the kill";
  ASSERT_EQ(server_->firedFaults().size(), 1u) << "the first POST was the held one";

  const BatchReport report =
      runBatch(batchClientOptions(), crashItems(), crashOptions(folder_->path()));

  std::set<std::string> jobids;
  for (const auto& item : report.items) {
    ASSERT_EQ(item.state, BatchItemState::Completed) << item.id << ": " << item.error;
    ASSERT_EQ(item.jobids.size(), 1u);
    EXPECT_TRUE(jobids.insert(item.jobids[0]).second) << "two items share job " << item.jobids[0];
  }
  EXPECT_EQ(server_->jobsCreated(), static_cast<std::size_t>(kItems))
      << "the held POST's item was sent again instead of adopted";
}

}  // namespace
}  // namespace useapi::luma::testing
