#pragma once
// Waits that return a future instead of blocking: driven entirely by the I/O thread.

#include <future>
#include <memory>
#include <string>
#include <unordered_map>

#include "transport/transport.hpp"
#include "useapi/luma/job.hpp"
#include "useapi/luma/options.hpp"
#include "wait/job_wait.hpp"

namespace useapi::luma::detail {

class AsyncJobWait;

/// The future-returning waits of one client. Each wait lives here, on the I/O thread, until its
/// future is settled: completed, failed, timed out, cancelled, or ended by endAll(). What each
/// decides is its JobWait's; this only carries it to the future.
class AsyncWaits {
 public:
  /// `time` is the transport's clock; `on_settled` is told, on the I/O thread, of each job that
  /// needs no more waiting.
  AsyncWaits(Transport& transport, TimeSource& time, JobWait::OnSettled on_settled);
  AsyncWaits(const AsyncWaits&) = delete;
  AsyncWaits& operator=(const AsyncWaits&) = delete;

  /// Any thread: starts polling `request` (GET /jobs/{jobid}); the future ends as awaitJob does.
  std::future<Job> add(const std::string& jobid, HttpRequest request, const PollOptions& options);
  /// Any thread but the I/O thread: ends every wait still running with an Error saying
  /// `reason`, and returns once all have ended.
  void endAll(const std::string& reason);

 private:
  friend class AsyncJobWait;
  Transport& transport_;
  TimeSource& time_;
  JobWait::OnSettled on_settled_;
  std::unordered_map<const AsyncJobWait*, std::shared_ptr<AsyncJobWait>> live_;  // I/O thread
};

}  // namespace useapi::luma::detail
