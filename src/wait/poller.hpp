#pragma once
// Turns job ids into final records: many jobs polled at once on the transport's I/O thread,
// waited for by a blocked caller or through a future.

#include <functional>
#include <future>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "time/time_source.hpp"
#include "transport/transport.hpp"
#include "useapi/luma/job.hpp"
#include "useapi/luma/options.hpp"
#include "wait/async_wait.hpp"

namespace useapi::luma::detail {

/// Every kind of wait of a client, each one JobWait (which decides) driven by a WaitState (which
/// polls each job on its own schedule on the transport's one I/O thread). Thread-safe: any
/// number of waits at once.
class Poller {
 public:
  /// Builds the GET /jobs/{jobid} request of a job; throws ValidationError for a bad id.
  using RequestFor = std::function<HttpRequest(const std::string& jobid)>;
  /// Told of each job that needs no more waiting: seen final (with its record), or gone (the
  /// API's own 404; no record).
  using OnSettled = JobWait::OnSettled;
  /// Receives each job's final record with its position in the wait.
  using OnFinal = std::function<void(std::size_t index, Job job)>;

  /// `time` must be the clock `transport` schedules its timers on.
  Poller(Transport& transport, RequestFor request_for, OnSettled on_settled = {},
         std::shared_ptr<TimeSource> time = systemTime());
  /// Ends the waits still running, as shutdown() does.
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  /// Calls `on_final` on the calling thread for each job the moment it is seen final, and
  /// returns once all are. on_update runs on the calling thread too. Throws TimeoutError,
  /// CancelledError or the ApiError of a permanent failure (4xx but 408/429), naming the jobs
  /// not yet final; or whatever a callback throws.
  void awaitEach(const std::vector<std::string>& jobids, const PollOptions& options,
                 const OnFinal& on_final);
  /// The final record of each job, in input order; built on awaitEach.
  std::vector<Job> awaitAll(const std::vector<std::string>& jobids, const PollOptions& options);
  /// Any thread but the I/O thread: ends every wait still running, blocking ones (they throw
  /// Error) and future-returning ones (their futures throw Error), and every later one at once.
  void shutdown();
  /// A future of the job's completed record; it throws as awaitJob does. Driven by the I/O
  /// thread, where on_update runs.
  std::future<Job> awaitAsync(const std::string& jobid, const PollOptions& options);

 private:
  class Mailbox;

  Transport& transport_;
  const std::shared_ptr<TimeSource> time_;
  RequestFor request_for_;
  OnSettled on_settled_;
  AsyncWaits async_waits_;
  std::mutex mailboxes_mutex_;    // guards what follows
  std::set<Mailbox*> mailboxes_;  // of the blocking waits running
  bool closed_ = false;
};

}  // namespace useapi::luma::detail
