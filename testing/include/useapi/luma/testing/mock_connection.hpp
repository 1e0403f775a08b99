#pragma once
/// \file
/// A gMock Connection for an application's own tests: testing::MockConnection (target
/// useapi::luma_mocks, which brings GoogleTest's gMock).

#include <gmock/gmock.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <string>
#include <vector>

#include "useapi/luma/connection.hpp"

namespace useapi::luma::testing {

/// A Connection whose every virtual is a gMock method, to give a Client through
/// Client(std::shared_ptr<Connection>): nothing is sent, no token is needed, no credit is spent.
///
/// The API calls (generateVideo, getJob, ...) do what the test expects of them (EXPECT_CALL,
/// ON_CALL); without an expectation they return an empty value, as gMock does. The calls whose
/// Connection default is built on the others keep that default unless a test overrides it:
/// awaitEach and awaitJobAsync poll the mocked getJob() with the PollOptions (so expecting
/// getJob is enough for every Client wait), downloadMedia calls the mocked download(), and the
/// journal calls behave as without a journal; these are allowed any number of times, and a
/// test's own ON_CALL or EXPECT_CALL replaces them. Wrap it in gMock's `NiceMock` to silence
/// gMock's notes on the API calls a test did not expect, its `StrictMock` to fail on them.
class MockConnection : public Connection {
 public:
  /// A mock whose waits, downloadMedia and journal calls keep Connection's defaults.
  MockConnection() {
    using ::testing::AnyNumber;
    ON_CALL(*this, downloadMedia)
        .WillByDefault([this](const Job& job, const std::filesystem::path& folder,
                              const DownloadOptions& options) {
          return Connection::downloadMedia(job, folder, options);
        });
    ON_CALL(*this, awaitEach)
        .WillByDefault([this](const std::vector<std::string>& jobids,
                              const std::function<void(const Job&)>& on_final,
                              const PollOptions& options) {
          Connection::awaitEach(jobids, on_final, options);
        });
    ON_CALL(*this, awaitJobAsync)
        .WillByDefault([this](const std::string& jobid, const PollOptions& options) {
          return Connection::awaitJobAsync(jobid, options);
        });
    ON_CALL(*this, unfinishedJobs).WillByDefault([this] { return Connection::unfinishedJobs(); });
    ON_CALL(*this, unacknowledgedJobs).WillByDefault([this] {
      return Connection::unacknowledgedJobs();
    });
    ON_CALL(*this, acknowledgeJob).WillByDefault([this](const std::string& jobid) {
      Connection::acknowledgeJob(jobid);
    });
    // Expected any number of times, so that a wait built on getJob() is no "uninteresting call";
    // with no action of their own they take the latest ON_CALL, the test's or the one above.
    EXPECT_CALL(*this, downloadMedia).Times(AnyNumber());
    EXPECT_CALL(*this, awaitEach).Times(AnyNumber());
    EXPECT_CALL(*this, awaitJobAsync).Times(AnyNumber());
    EXPECT_CALL(*this, unfinishedJobs).Times(AnyNumber());
    EXPECT_CALL(*this, unacknowledgedJobs).Times(AnyNumber());
    EXPECT_CALL(*this, acknowledgeJob).Times(AnyNumber());
  }

  MOCK_METHOD(ImageBatch, generateImages, (const ImageRequest& request), (override));
  MOCK_METHOD(Job, generateVideo, (const VideoRequest& request), (override));
  MOCK_METHOD(Job, getJob, (const std::string& jobid), (override));
  MOCK_METHOD(JobList, listJobs, (), (override));
  MOCK_METHOD(void, deleteJob, (const std::string& jobid), (override));
  MOCK_METHOD(std::vector<Account>, listAccounts, (), (override));
  MOCK_METHOD(Account, getAccount, (const std::string& email), (override));
  MOCK_METHOD(Account, addAccount, (const std::string& session), (override));
  MOCK_METHOD(void, deleteAccount, (const std::string& email), (override));
  MOCK_METHOD(Asset, uploadAsset,
              (const std::string& email, std::string bytes, std::string content_type), (override));
  MOCK_METHOD(std::uint64_t, download,
              (const std::string& url, const std::filesystem::path& dest,
               const DownloadOptions& options),
              (override));
  MOCK_METHOD(std::vector<std::filesystem::path>, downloadMedia,
              (const Job& job, const std::filesystem::path& folder, const DownloadOptions& options),
              (override));
  MOCK_METHOD(void, awaitEach,
              (const std::vector<std::string>& jobids,
               const std::function<void(const Job&)>& on_final, const PollOptions& options),
              (override));
  MOCK_METHOD(std::future<Job>, awaitJobAsync,
              (const std::string& jobid, const PollOptions& options), (override));
  MOCK_METHOD(std::vector<std::string>, unfinishedJobs, (), (override));
  MOCK_METHOD(std::vector<std::string>, unacknowledgedJobs, (), (override));
  MOCK_METHOD(void, acknowledgeJob, (const std::string& jobid), (override));
};

}  // namespace useapi::luma::testing
