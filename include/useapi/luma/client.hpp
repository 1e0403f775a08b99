#pragma once
/// \file
/// The client of the useapi.net Luma API.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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

class Connection;

namespace detail {
struct WaitContext;
}  // namespace detail

/// A client of the useapi.net Luma API. Thread-safe: one instance may be used from many threads.
/// Waits, async calls and downloads run on one internal I/O thread (libcurl multi), which drives
/// any number of them; a one-shot call (getJob, generate*, ...) runs on the calling thread over a
/// kept-alive connection of its own, when one of max_connections is free, else on the I/O thread.
///
/// Calls from the Client's own callbacks. On the I/O thread (awaitJobAsync's on_update, and the
/// logger wherever it runs) only awaitJobAsync, unfinishedJobs and unacknowledgedJobs work; every
/// other call throws Error at once, since it would wait for the very thread (or the logger's lock)
/// it holds. The callbacks of a blocking call (on_update and on_final of
/// awaitJob/awaitJobs/awaitEach, a download's progress) run on the caller's thread, and any call
/// works from them.
class USEAPI_LUMA_EXPORT Client {
 public:
  /// A client with `options`; empty token and base URL fall back to the environment.
  /// Throws Error when there is no token at all or the base URL is not http(s), or when the
  /// journal cannot be opened (not a journal, in use by another client, cannot be created).
  explicit Client(ClientOptions options = {});
  /// A client whose calls go to `connection` (makeConnection(), or an application's own for its
  /// tests): validation, the naming of jobs in errors and the waits stay here; no token or base
  /// URL is needed. Throws Error for a null connection.
  explicit Client(std::shared_ptr<Connection> connection);
  /// Ends every call still running on other threads (blocking and async waits, downloads, calls
  /// on a stalled server: each throws Error within about a second), waits for them to return,
  /// and stops the I/O thread; it never waits for a server. No call may start once it has begun.
  /// From awaitJobAsync's on_update (or the logger on the I/O thread) it returns at once and
  /// the teardown finishes on a thread of its own. From inside one of the client's own calls
  /// (the callbacks of a blocking wait or download, the logger on a caller's thread) it cannot
  /// end that call under itself: it aborts the program with a message saying so. (All this is
  /// the connection of makeConnection() ending; a Client over another connection, or over one
  /// still shared, only lets go of it.)
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  /// Moves the client; the moved-from client may only be destroyed.
  Client(Client&&) noexcept;
  /// Moves the client; the moved-from client may only be destroyed.
  Client& operator=(Client&&) noexcept;

  /// Validates and submits a batch of 4 images (POST /images).
  /// Throws ValidationError before sending, ApiError subclasses, TransportError; Error naming
  /// the jobs (jobIds()) when they were created but the journal could not record them.
  ImageBatch generateImages(const ImageRequest& request);
  /// Validates and submits a video job (POST /videos).
  /// Throws ValidationError before sending, ApiError subclasses, TransportError; Error naming
  /// the job (jobIds()) when it was created but the journal could not record it.
  Job generateVideo(const VideoRequest& request);
  /// The job's current record (GET /jobs/{jobid}). Throws ApiError subclasses, TransportError.
  Job getJob(const std::string& jobid);
  /// Polls until the job is final and returns the completed record. Throws JobFailedError if it
  /// failed, TimeoutError past the deadline, CancelledError, or a permanent ApiError.
  Job awaitJob(const std::string& jobid, const PollOptions& options = {});
  /// Polls all jobs concurrently until each is final; returns their final records (completed or
  /// failed) in input order. Throws TimeoutError, CancelledError, or a permanent ApiError.
  std::vector<Job> awaitJobs(const std::vector<std::string>& jobids,
                             const PollOptions& options = {});
  /// Polls all jobs concurrently and calls `on_final` with each one's final record (completed
  /// or failed) the moment it is seen, on the calling thread; returns once all are final.
  /// Throws TimeoutError, CancelledError or a permanent ApiError naming the jobs not yet final.
  void awaitEach(const std::vector<std::string>& jobids,
                 const std::function<void(const Job&)>& on_final, const PollOptions& options = {});
  /// Waits without blocking: the future holds the completed record, or throws what awaitJob
  /// would. The client's I/O thread drives it (on_update runs there; keep it quick); any number
  /// of them share that one thread, and cancelling one leaves the others running. Destroying the
  /// Client ends those still running with an Error.
  std::future<Job> awaitJobAsync(const std::string& jobid, const PollOptions& options = {});
  /// The running jobs of the token's user (GET /jobs). Throws ApiError subclasses, TransportError.
  JobList listJobs();
  /// The jobs of the journal (ClientOptions::journal_path) created and not yet seen final
  /// (completed or failed), deleted or gone, in the order they were created: what a restarted
  /// process must still wait for. Empty without a journal. Throws Error when the journal cannot
  /// be read. A job seen final leaves this list but stays in unacknowledgedJobs() until the
  /// application is done with it.
  std::vector<std::string> unfinishedJobs();
  /// The jobs of the journal created and not yet done, in the order they were created: what a
  /// restarted process must still take care of. A job seen final (completed or failed) stays
  /// listed, since its media may not be saved yet, until it is done: acknowledgeJob(),
  /// downloadMedia() saved all of its files, deleteJob() removed it, or the API answered that it
  /// does not know it (its own JSON 404; a proxy's 404 page does not count). Empty without a
  /// journal. Throws Error when the journal cannot be read.
  std::vector<std::string> unacknowledgedJobs();
  /// Tells the journal that the application is done with a job (its media saved or its result
  /// used, its failure reported): it leaves unacknowledgedJobs() for good. Does nothing for a job
  /// the journal does not hold, or without a journal. Throws Error (naming the job) when the
  /// journal cannot be written.
  void acknowledgeJob(const std::string& jobid);
  /// Removes a finished job from the tracker (DELETE /jobs/{jobid}); it does not cancel a running
  /// job. Throws ConflictError while the job still runs (wait for it), NotFoundError, ...
  void deleteJob(const std::string& jobid);

  /// The configured accounts (GET /accounts); none configured (404) gives an empty list.
  /// Throws ApiError subclasses, TransportError.
  std::vector<Account> listAccounts();
  /// One account with live details (GET /accounts/{email}). Throws NotFoundError, ...
  Account getAccount(const std::string& email);
  /// Adds or refreshes an account from its Luma session cookie (POST /accounts). Throws
  /// ValidationError for an empty session, BadRequestError, PaymentRequiredError, ServerError.
  Account addAccount(const std::string& session);
  /// Removes an account (DELETE /accounts/{email}). Throws NotFoundError, ...
  void deleteAccount(const std::string& email);

  /// Uploads a JPEG, PNG or WebP image file for `email` (POST /assets/{email}); the type is taken
  /// from the file's first bytes, never its name. Throws ValidationError (before any upload) for
  /// an unreadable, empty, over-20-MB or unsupported file; ApiError subclasses; TransportError.
  Asset uploadAsset(const std::string& email, const std::filesystem::path& image);
  /// Uploads image bytes of `content_type` (image/jpeg, image/png or image/webp) for `email`.
  /// Throws ValidationError when they are empty, over 20 MB, or not of that type.
  Asset uploadAsset(const std::string& email, std::string bytes, std::string content_type);

  /// Streams `url` to `dest` and returns the bytes written. Only a complete 200 answer with a
  /// body is saved: a 206, a 204 or an empty body is a TransportError. Redirects are followed,
  /// but never from https to http. The body goes to a temporary file ".<name>.part-<digits>"
  /// beside `dest`, locked while written and renamed to `dest` (replacing a file there) once
  /// complete; on any failure nothing is left at `dest` and an existing file there is untouched.
  /// Such temporary files of earlier runs to the same `dest` that no live download holds are
  /// removed first. A missing or unwritable folder, a full disk or a `dest` that is a folder is
  /// an Error saying so, found before the request is sent. `progress` runs on the calling
  /// thread. A transfer cut midway resumes with Range + If-Range when the server offers ranges
  /// (else starts over), and a file whose size differs from the announced one is a
  /// TransportError (see DownloadOptions::on_resume). A URL answering 403, 404 or 410 (an
  /// expired media link) is an ApiError saying that downloadMedia() would renew it. Throws
  /// ApiError subclasses, TransportError, or Error for local files.
  std::uint64_t download(const std::string& url, const std::filesystem::path& dest,
                         ProgressFn progress = {});
  /// As download() above, bounded and stoppable by `options`: a progress callback that throws,
  /// a cancel or the timeout stops the transfer at once (its connection is closed, no byte is
  /// written after) and leaves nothing behind. Throws CancelledError when cancelled, whatever
  /// the progress callback threw, TransportError when `timeout` passes, and as above.
  std::uint64_t download(const std::string& url, const std::filesystem::path& dest,
                         const DownloadOptions& options);
  /// Downloads every media file of a completed job into `folder` (created if missing) and
  /// returns the paths written, in the order image, video, thumbnail, last_frame, video_hdr_exr.
  /// Each file is named `<id>_<hash>_<kind>.<ext>` from the WHOLE job id, so that no two jobs
  /// share a name (the 4 images of a batch share every character of their ids but a uuid):
  /// `<id>` is the id with every character but letters, digits, '-', '.', '@' and '+' made '_'
  /// (cut to 160 bytes), `<hash>` 12 hex digits of a hash of the whole id, `<kind>` the medium
  /// (image, video, thumbnail, last_frame, video_hdr_exr). The extension comes from the kind and
  /// the file's first bytes, never from the URL: png, jpg or webp for the pictures, mp4 for the
  /// video, zip for video_hdr_exr. A file already there under such a name is never replaced:
  /// Error naming it, before anything is sent (see DownloadOptions::overwrite). Files saved
  /// before a later one fails stay. `progress` reports each file in turn. A media URL that
  /// answers 403, 404 or 410 (expired) is renewed from the job's record, read again with GET
  /// /jobs/{jobid}, and the same medium fetched from its fresh URL (at most twice per file).
  /// Once every file is saved, the journal counts the job as done (see acknowledgeJob). Throws
  /// as download().
  std::vector<std::filesystem::path> downloadMedia(const Job& job,
                                                   const std::filesystem::path& folder,
                                                   ProgressFn progress = {});
  /// As downloadMedia() above, bounded and stoppable by `options` as download() is; its timeout
  /// bounds all the files together.
  std::vector<std::filesystem::path> downloadMedia(const Job& job,
                                                   const std::filesystem::path& folder,
                                                   const DownloadOptions& options);

  /// As ClientOptions::webhook_url, from now on: the generate* calls that follow send
  /// replyUrl = url + "/" + a secret of their own. Empty: no webhooks for later calls. Throws
  /// ValidationError unless it is empty or an http(s) URL.
  void setWebhookUrl(std::string url);
  /// Feeds a callback that the application's own web server received: `path` is the path it was
  /// POSTed to (its last segment is the secret), `body` its body. Returns the HTTP status to
  /// answer: 200 accepted (a duplicate or late one too), 404 when no generate* call of this
  /// client sent that path (no effect), 400 for a malformed body or one about none of that
  /// path's jobs. Thread-safe; never throws for any input.
  int deliverWebhook(std::string_view path, std::string_view body);

 private:
  std::shared_ptr<Connection> connection_;
  std::shared_ptr<detail::WaitContext> waits_;  // what this client's waits share
};

}  // namespace useapi::luma
