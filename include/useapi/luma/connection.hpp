#pragma once
/// \file
/// The seam between a Client and the API: what a Client calls, which tests can replace.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "useapi/luma/accounts.hpp"
#include "useapi/luma/assets.hpp"
#include "useapi/luma/download_options.hpp"
#include "useapi/luma/export.hpp"
#include "useapi/luma/job.hpp"
#include "useapi/luma/job_list.hpp"
#include "useapi/luma/options.hpp"
#include "useapi/luma/requests.hpp"

namespace useapi::luma {

/// What a Client calls to reach the API, one virtual per operation. makeConnection() gives the
/// real one (libcurl, the journal, the I/O-thread wait engine); an application's tests give a
/// Client their own (testing::MockConnection, or a hand-written class) through
/// Client(std::shared_ptr<Connection>), so that nothing is sent and no credit is spent.
///
/// The Client validates every request before it reaches a Connection, and names the jobs an
/// error concerns; a Connection only carries calls out. Implementations must be thread-safe:
/// one Client may call from many threads at once.
///
/// Every virtual has a default body, so that one added later breaks no implementation: the
/// API calls throw Error ("... is not implemented by this connection"); the waits poll getJob()
/// on the calling thread as PollOptions say; downloadMedia() names the files and calls
/// download(); the journal calls behave as without a journal. A Connection that implements
/// only getJob() is therefore enough for every Client wait.
class USEAPI_LUMA_EXPORT Connection {
 public:
  virtual ~Connection();

  /// POST /images with an already validated request: the batch of 4 image jobs.
  virtual ImageBatch generateImages(const ImageRequest& request);
  /// POST /videos with an already validated request: the video job.
  virtual Job generateVideo(const VideoRequest& request);
  /// GET /jobs/{jobid}: the job's current record.
  virtual Job getJob(const std::string& jobid);
  /// GET /jobs: the running jobs of the token's user.
  virtual JobList listJobs();
  /// DELETE /jobs/{jobid}.
  virtual void deleteJob(const std::string& jobid);
  /// GET /accounts: the configured accounts (none: empty).
  virtual std::vector<Account> listAccounts();
  /// GET /accounts/{email}.
  virtual Account getAccount(const std::string& email);
  /// POST /accounts with a Luma session cookie.
  virtual Account addAccount(const std::string& session);
  /// DELETE /accounts/{email}.
  virtual void deleteAccount(const std::string& email);
  /// POST /assets/{email} with image bytes of `content_type`, already checked by the Client.
  virtual Asset uploadAsset(const std::string& email, std::string bytes, std::string content_type);
  /// Streams `url` to `dest` as Client::download() describes; returns the bytes written.
  virtual std::uint64_t download(const std::string& url, const std::filesystem::path& dest,
                                 const DownloadOptions& options);
  /// Saves every medium of a completed job into `folder` as Client::downloadMedia() describes.
  /// Default: names the files and calls download() for each; a URL that download() finds
  /// refused (ApiError 403, 404, 410) is renewed through getJob() and downloaded again.
  virtual std::vector<std::filesystem::path> downloadMedia(const Job& job,
                                                           const std::filesystem::path& folder,
                                                           const DownloadOptions& options);

  /// Calls `on_final` on the calling thread with each job's final record (completed or failed)
  /// the moment it is seen, and returns once every job is final; throws as Client::awaitEach().
  /// Default: polls getJob() on the calling thread with `options`' intervals, deadline and
  /// cancel token.
  virtual void awaitEach(const std::vector<std::string>& jobids,
                         const std::function<void(const Job&)>& on_final,
                         const PollOptions& options);
  /// A future of the job's completed record; throws as Client::awaitJob(). Default: awaitEach()
  /// for the one job, on a thread of its own that the future's destruction joins.
  virtual std::future<Job> awaitJobAsync(const std::string& jobid, const PollOptions& options);

  /// The journal's jobs created and not yet seen final (Client::unfinishedJobs()). Default: none.
  virtual std::vector<std::string> unfinishedJobs();
  /// The journal's jobs not yet done (Client::unacknowledgedJobs()). Default: none.
  virtual std::vector<std::string> unacknowledgedJobs();
  /// Marks a job done in the journal (Client::acknowledgeJob()). Default: nothing.
  virtual void acknowledgeJob(const std::string& jobid);
};

/// The real connection: libcurl over one I/O thread, the journal of ClientOptions::journal_path,
/// the wait engine. Throws as Client(ClientOptions) does (no token, a bad base URL, a journal
/// that cannot be opened).
USEAPI_LUMA_EXPORT std::shared_ptr<Connection> makeConnection(ClientOptions options = {});

}  // namespace useapi::luma
