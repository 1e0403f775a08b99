// testing::MockConnection: every call a test expects does what it says, and the calls whose
// Connection default is built on the others (waits, downloadMedia, the journal) keep that
// default, so that expecting getJob is enough for every Client wait.

#include "useapi/luma/testing/mock_connection.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "useapi/luma.hpp"

namespace useapi::luma {
namespace {

using namespace std::chrono_literals;
using ::testing::_;
using testing::MockConnection;
using ::testing::Return;

Job videoJob(const std::string& jobid, JobStatus status) {
  Job job;
  job.jobid = jobid;
  job.type = JobType::Video;
  job.status = status;
  job.status_text = std::string(toString(status));
  job.created = "2026-03-26T14:05:30.123Z";
  return job;
}

PollOptions fastPolling() {
  PollOptions options;
  options.initial_interval = 1ms;
  options.max_interval = 2ms;
  options.timeout = 10s;
  return options;
}

TEST(MockConnection, ItsDefaultWaitPollsTheMockedGetJob) {
  MockConnection mock;
  EXPECT_CALL(mock, getJob("j1"))
      .WillOnce(Return(videoJob("j1", JobStatus::Pending)))
      .WillOnce(Return(videoJob("j1", JobStatus::Completed)));
  std::vector<Job> finals;
  mock.awaitEach(
      {"j1"}, [&](const Job& job) { finals.push_back(job); }, fastPolling());
  ASSERT_EQ(finals.size(), 1u);
  EXPECT_EQ(finals[0].status, JobStatus::Completed);
}

TEST(MockConnection, ATestsOwnWaitReplacesTheDefault) {
  MockConnection mock;
  EXPECT_CALL(mock, getJob(_)).Times(0);
  EXPECT_CALL(mock, awaitEach)
      .WillOnce([](const std::vector<std::string>& jobids,
                   const std::function<void(const Job&)>& on_final, const PollOptions&) {
        for (const auto& jobid : jobids) on_final(videoJob(jobid, JobStatus::Failed));
      });
  std::vector<Job> finals;
  mock.awaitEach(
      {"j1", "j2"}, [&](const Job& job) { finals.push_back(job); }, fastPolling());
  ASSERT_EQ(finals.size(), 2u);
  EXPECT_EQ(finals[1].jobid, "j2");
}

TEST(MockConnection, AClientOverItAwaitsEachFormOfWait) {
  auto mock = std::make_shared<MockConnection>();
  ON_CALL(*mock, getJob).WillByDefault([](const std::string& jobid) {
    return videoJob(jobid, JobStatus::Completed);
  });
  EXPECT_CALL(*mock, getJob(_)).Times(::testing::AtLeast(4));
  Client client(mock);
  EXPECT_EQ(client.awaitJob("a", fastPolling()).jobid, "a");
  const auto both = client.awaitJobs({"b", "c"}, fastPolling());
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[1].jobid, "c");
  EXPECT_EQ(client.awaitJobAsync("d", fastPolling()).get().jobid, "d");
}

TEST(MockConnection, ItsJournalIsEmptyAsWithoutAJournal) {
  MockConnection mock;
  EXPECT_TRUE(mock.unfinishedJobs().empty());
  EXPECT_TRUE(mock.unacknowledgedJobs().empty());
  EXPECT_NO_THROW(mock.acknowledgeJob("j1"));
}

TEST(MockConnection, ItsDefaultDownloadMediaCallsTheMockedDownload) {
  MockConnection mock;
  Job job = videoJob("j1", JobStatus::Completed);
  job.video = Media();
  job.video->url = "https://example.com/fox.mp4";
  const std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("mock_connection_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(folder);
  EXPECT_CALL(mock, download("https://example.com/fox.mp4", _, _))
      .WillOnce([](const std::string&, const std::filesystem::path& dest, const DownloadOptions&) {
        std::ofstream(dest, std::ios::binary) << "42 bytes";
        return std::uint64_t{8};
      });
  const auto files = mock.downloadMedia(job, folder, {});
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].parent_path(), folder);
  EXPECT_TRUE(std::filesystem::exists(files[0]));
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace useapi::luma
