#pragma once
/// \file
/// The client of the useapi.net Luma API.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "useapi/luma/job.hpp"
#include "useapi/luma/options.hpp"
#include "useapi/luma/requests.hpp"

namespace useapi::luma {

/// Reports a transfer's progress: bytes done, and the total when the server said it.
using ProgressFn = std::function<void(std::uint64_t done, std::optional<std::uint64_t> total)>;

/// A client of the useapi.net Luma API. Thread-safe: one instance may be used from many threads.
/// All its HTTP runs on one internal I/O thread (libcurl multi), which drives any number of waits.
class Client {
 public:
  /// A client with `options`; empty token and base URL fall back to the environment.
  /// Throws Error when there is no token at all or the base URL is not http(s).
  explicit Client(ClientOptions options = {});
  /// Stops the I/O thread; calls still running on other threads must have returned.
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  /// Moves the client; the moved-from client may only be destroyed.
  Client(Client&&) noexcept;
  /// Moves the client; the moved-from client may only be destroyed.
  Client& operator=(Client&&) noexcept;

  /// Validates and submits a batch of 4 images (POST /images).
  /// Throws ValidationError before sending, ApiError subclasses, TransportError.
  ImageBatch generateImages(const ImageRequest& request);
  /// Validates and submits a video job (POST /videos).
  /// Throws ValidationError before sending, ApiError subclasses, TransportError.
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
  /// Streams `url` to `dest` (temporary file beside it, renamed when complete; nothing left at
  /// `dest` on failure) and returns the bytes written. `progress` runs on the calling thread.
  /// Throws ApiError subclasses, TransportError, or Error when the file cannot be written.
  std::uint64_t download(const std::string& url, const std::filesystem::path& dest,
                         ProgressFn progress = {});

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace useapi::luma
