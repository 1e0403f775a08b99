#pragma once
// Turns job ids into final records: many jobs polled at once on the transport's I/O thread.

#include <functional>
#include <string>
#include <vector>

#include "transport/transport.hpp"
#include "useapi/luma/job.hpp"
#include "useapi/luma/options.hpp"

namespace useapi::luma::detail {

/// Polls jobs with backoff, jitter, deadline and cancellation. Each job is polled on its own
/// schedule by the transport's one I/O thread; the waiting thread sleeps on a condition that a
/// new record, the deadline or a cancel wakes. Thread-safe: any number of waits at once.
class Poller {
 public:
  /// Builds the GET /jobs/{jobid} request of a job; throws ValidationError for a bad id.
  using RequestFor = std::function<HttpRequest(const std::string& jobid)>;

  /// Told, on the waiting thread, of each job that needs no more waiting: seen final, or gone
  /// (404).
  using OnSettled = std::function<void(const std::string& jobid)>;

  Poller(Transport& transport, RequestFor request_for, OnSettled on_settled = {});

  /// The final record of each job, in input order. Throws TimeoutError, CancelledError, the
  /// ApiError of a permanent failure (4xx but 408/429), or whatever on_update throws.
  std::vector<Job> awaitAll(const std::vector<std::string>& jobids, const PollOptions& options);

 private:
  Transport& transport_;
  RequestFor request_for_;
  OnSettled on_settled_;
};

}  // namespace useapi::luma::detail
