#pragma once
/// \file
/// Settings of one download: progress, cancellation and an overall time limit.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

#include "useapi/luma/cancel_token.hpp"
#include "useapi/luma/export.hpp"

namespace useapi::luma {

/// Reports a transfer's progress: bytes done, and the total when the server said it.
using ProgressFn = std::function<void(std::uint64_t done, std::optional<std::uint64_t> total)>;

/// How one download is reported, bounded and stopped.
struct USEAPI_LUMA_EXPORT DownloadOptions {
  /// Runs on the calling thread; an exception thrown from it stops the transfer and is rethrown.
  /// After a cut transfer resumes (see on_resume) `done` goes on from the bytes kept; after one
  /// that starts over it counts from 0 again.
  ProgressFn progress;
  /// cancel() stops the transfer within 100 ms; the download then throws CancelledError.
  CancelToken cancel;
  /// The whole transfer's limit, retries included (for downloadMedia, all its files together);
  /// zero: none (ClientOptions::stall_timeout still applies). Passing it throws TransportError.
  std::chrono::milliseconds timeout{0};
  /// downloadMedia(): replace files already in the folder under the names it picks. False: it
  /// throws Error naming such a file before anything is sent, and never replaces one that
  /// appears meanwhile. download() always replaces the `dest` it is given.
  bool overwrite = false;
  /// Runs on the calling thread, before the progress of the bytes that follow, when a transfer
  /// cut midway (a reset, a short body, a stall) goes on where it stopped: the server offered
  /// ranges (Accept-Ranges: bytes) and named the file's version (a strong ETag or
  /// Last-Modified), so the retry asked for "Range: bytes=<offset>-" with If-Range and the
  /// `offset` bytes already saved were kept; `total` is the file's size when announced. A
  /// server without ranges, or whose file changed meanwhile, sends it whole again instead: the
  /// transfer starts over, without this call. An exception thrown from it stops the transfer and
  /// is rethrown.
  std::function<void(std::uint64_t offset, std::optional<std::uint64_t> total)> on_resume;
};

}  // namespace useapi::luma
