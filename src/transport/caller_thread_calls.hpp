#pragma once
// One-shot calls run on their caller's thread, over pooled easy handles kept apart from the
// multi: no thread switch, and a handle whose options fit the next call of the same shape.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>

#include "transport/curl_options.hpp"
#include "transport/handle_pool.hpp"
#include "transport/http_types.hpp"
#include "transport/retry_loop.hpp"

namespace useapi::luma::detail {

/// Runs requests on the calling thread with their retries, each over one of at most
/// `max_handles` pooled handles (each keeping its connection alive). Thread-safe.
class CallerThreadCalls {
 public:
  /// Calls set up by `options`, retried under `schedule`; answers kept up to `max_body_bytes`.
  CallerThreadCalls(const CurlOptions& options, RetrySchedule& schedule, std::size_t max_handles,
                    std::size_t max_body_bytes);

  /// Sends `request` on the calling thread and returns its outcome after its retries; nothing
  /// (the request untouched) when every handle is in use.
  std::optional<HttpOutcome> trySend(const HttpRequest& request);
  /// Wakes every call pausing between attempts, to see that the transport closes.
  void wakeAll();

 private:
  const CurlOptions& options_;
  RetrySchedule& schedule_;
  std::size_t max_body_bytes_;
  HandlePool handles_;
  std::mutex mutex_;  // wakes callers pausing between attempts
  std::condition_variable wake_;
};

}  // namespace useapi::luma::detail
