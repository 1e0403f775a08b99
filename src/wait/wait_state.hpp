#pragma once
// The I/O-thread side of a wait: each job polled on its JobWait's schedule, news handed to a
// sink.

#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "transport/transport.hpp"
#include "useapi/luma/job.hpp"
#include "wait/job_wait.hpp"
#include "webhook/job_events.hpp"

namespace useapi::luma::detail {

/// What a poll found out about one job of a wait.
struct PollEvent {
  std::size_t index = 0;     ///< The job's position in the wait.
  Job job;                   ///< A record of the job (JobWait::onRecord decides if it is news).
  std::exception_ptr error;  ///< Set instead for a permanent failure: the wait ends with it.
};

/// Sends the polls of one wait on the transport's I/O thread, each job when its JobWait says,
/// never past the deadline, and hands each PollEvent to the sink it was given, on that thread.
/// A transient failure (JobWait::isTransient) is retried on the job's schedule; anything else,
/// or a 2xx answer that is no readable record of the job polled, ends the wait at once. Who
/// waits (a blocked caller, a future) is the sink's business; this uses only the JobWait's
/// polling side.
class WaitState : public std::enable_shared_from_this<WaitState> {
 public:
  /// Receives events on the I/O thread.
  using Sink = std::function<void(PollEvent)>;

  /// `requests[i]` is GET /jobs/{wait->jobids()[i]}.
  WaitState(Transport& transport, std::shared_ptr<JobWait> wait, std::vector<HttpRequest> requests,
            Sink sink);

  /// I/O thread: the first poll of every job (at once; for a job with a webhook, at its
  /// JobWait::firstPoll), and the subscription to each such job's callbacks.
  void start();
  /// Any thread: no more polls or events; pending timers are dropped on the I/O thread.
  void abort();

 private:
  void pollNow(std::size_t index);
  void onAnswer(std::size_t index, HttpOutcome outcome);
  void scheduleNext(std::size_t index, bool grow);
  void cancelTimers();
  // Webhook-fed jobs: a callback polls its job at once (the confirming GET) or, when the client
  // does not confirm, is taken as the job's record.
  void startJob(std::size_t index);
  void subscribe(std::size_t index);
  void onCallback(std::size_t index, const Job& hinted);

  Transport& transport_;
  const std::shared_ptr<JobWait> wait_;
  const std::vector<HttpRequest> requests_;
  std::vector<TimerId> timers_;   // I/O thread only
  std::vector<bool> in_flight_;   // I/O thread only: a poll of the job is awaiting its answer
  std::vector<bool> poll_again_;  // I/O thread only: a callback came during that poll
  std::vector<bool> settled_;     // I/O thread only: a callback taken as final ended it
  std::vector<bool> confirming_;  // I/O thread only: the poll under way confirms a callback
  std::vector<JobEvents::Subscription> subscriptions_;  // I/O thread only
  const Sink sink_;
  std::atomic<bool> aborted_{false};
};

}  // namespace useapi::luma::detail
