#pragma once
// One wait for one or more jobs: every decision a wait makes, whoever drives it. The I/O-thread
// engine (Poller, AsyncWaits) and the default wait of a Connection (default_wait.cpp) only
// differ in how they send a poll and spend a pause.

#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "time/time_source.hpp"
#include "useapi/luma/errors.hpp"
#include "useapi/luma/job.hpp"
#include "useapi/luma/options.hpp"
#include "wait/poll_schedule.hpp"
#include "wait/wait_context.hpp"

namespace useapi::luma::detail {

/// A TransportError that no later poll can mend (a 2xx answer that is no readable record of the
/// job polled): it ends a wait at once, as a plain TransportError.
class UnreadableRecord : public TransportError {
 public:
  using TransportError::TransportError;
};

/// The completed record `final_record`; throws JobFailedError when the job failed.
Job completedOrThrow(Job final_record);

/// Owns what a wait decides: its deadline and cancel token, the pause before each poll of each
/// job (PollOptions' initial_interval, multiplier, max_interval, jitter, on `time`'s clock and
/// seed), which poll failures are transient (retried) and which end the wait, which records are
/// news (on_update), when a job is settled (final, or gone: the API's own 404), and the errors a
/// wait ends with (naming the jobs left unfinished).
///
/// Two sides, each used by one thread at a time: the polling side (recordOf, isTransient,
/// nextPoll) by the thread that sends the polls, the waiting side (onRecord, allFinal and the
/// errors) by the thread the caller's callbacks run on. They may be two threads: they share only
/// the last transient error, under a lock.
class JobWait {
 public:
  /// Told of each job that needs no more waiting: its final record, or null when it is gone.
  using OnSettled = std::function<void(const std::string& jobid, const Job* final_record)>;

  /// A wait for `jobids` (duplicates allowed: each position is its own job) starting now, in
  /// the WaitContext open on the calling thread (WaitContextScope::current()).
  JobWait(std::vector<std::string> jobids, PollOptions options, TimeSource& time,
          OnSettled on_settled = {});
  JobWait(const JobWait&) = delete;
  JobWait& operator=(const JobWait&) = delete;

  /// The jobs, in input order.
  const std::vector<std::string>& jobids() const { return jobids_; }
  /// The instant the wait times out; none for PollOptions::timeout zero (or too large to hold).
  const std::optional<Clock::time_point>& deadline() const { return deadline_; }
  /// True once the wait's token is cancelled.
  bool cancelRequested() const { return options_.cancel.cancelled(); }
  /// The wait's cancel token.
  const CancelToken& cancelToken() const { return options_.cancel; }
  /// The clock the wait runs on.
  TimeSource& time() const { return time_; }
  /// What the waits of the client that started this one share (learned durations, webhooks).
  const std::shared_ptr<WaitContext>& context() const { return context_; }

  // The polling side.

  /// The record `job` a poll of job `index` returned, its jobid filled in when empty; throws
  /// UnreadableRecord when it is another job's record (never taken as this one's result).
  /// It also teaches the client's DurationEstimator (a final record) and, in a learned wait
  /// (usesLearnedSpacing), plans the job's next polls.
  Job recordOf(std::size_t index, Job job, const std::string& endpoint);
  /// True when a later poll may mend the poll failure `error` (no answer, 408, 429, 5xx); it is
  /// then kept for the timeout's message. False when it ends the wait: any other ApiError (a 3xx
  /// or a 4xx), an UnreadableRecord, anything not an Error.
  bool isTransient(const std::exception_ptr& error);
  /// When to poll job `index` again, from now: after a record (`grow`: the next pause is
  /// `multiplier` times longer, up to max_interval) or a transient failure (the same pause
  /// again). Each pause is spread by ±jitter. A learned wait's pauses come from LearnedPolls
  /// instead (a transient failure costs no pause of its own there). None when it would be at or
  /// past the deadline: the wait times out first.
  std::optional<Clock::time_point> nextPoll(std::size_t index, bool grow);
  /// The last transient failure seen, empty if none. Any thread.
  std::string lastError() const;

  // Webhook-fed jobs (src/webhook/): polled only as a safety net against a lost callback.

  /// True when job `index` was created with this client's webhook: its callback ends its wait.
  bool hasWebhook(std::size_t index) const { return webhook_plans_[index].has_value(); }
  /// When to poll job `index` first: now, or for a job with a webhook only once it should have
  /// ended (the instant generate* returned + the expected duration + twice its spread). None when
  /// that is at or past the deadline.
  std::optional<Clock::time_point> firstPoll(std::size_t index) const;
  /// A confirming poll of job `index` contradicted its final callback (a forged or premature
  /// one): from now on it is polled on the PollOptions schedule, no longer only as a safety net.
  void distrustCallbacks(std::size_t index) { webhook_plans_[index].reset(); }
  /// The callbacks of this wait's client, or null (they are subscribed to per job).
  JobEvents* events() const { return context_->events.get(); }

  // The waiting side.

  /// Takes a record of job `index` (one of recordOf's): calls on_update when its status
  /// changed, and returns true when the job is final for the first time (it is then settled).
  /// Whatever on_update throws leaves through here.
  bool onRecord(std::size_t index, const Job& job);
  /// True once every job was seen final.
  bool allFinal() const { return remaining_ == 0; }
  /// The error that ends the wait for the permanent failure `error` of a poll of job `index`
  /// (a gone job is settled; an UnreadableRecord becomes a plain TransportError), naming the
  /// unfinished jobs.
  std::exception_ptr pollFailure(std::size_t index, std::exception_ptr error);
  /// `error` (another reason to end the wait), an Error naming the unfinished jobs.
  std::exception_ptr ended(std::exception_ptr error) const;
  /// CancelledError naming the unfinished jobs.
  std::exception_ptr cancelled() const;
  /// TimeoutError naming the unfinished jobs, with the last record of the first of them, the
  /// time waited, what each still running job last said, and the last transient failure.
  std::exception_ptr timedOut() const;

 private:
  struct Schedule {  // polling side
    std::chrono::milliseconds interval{0};
  };

  struct WebhookPlan {                // the safety net of a job with a webhook
    Clock::time_point first;          // its first poll
    std::chrono::milliseconds every;  // the pause between later ones
  };

  std::vector<std::string> unfinished() const;
  std::optional<WebhookPlan> webhookPlan(const std::string& jobid) const;
  std::optional<Clock::time_point> safetyNetPoll(std::size_t index) const;

  const std::vector<std::string> jobids_;
  const PollOptions options_;
  TimeSource& time_;
  const std::shared_ptr<WaitContext> context_;
  const OnSettled on_settled_;
  const Clock::time_point started_;
  const std::optional<Clock::time_point> deadline_;
  const std::string subject_;  // "job <id>" or "<n> jobs"

  // Polling side.
  const std::chrono::milliseconds initial_interval_;
  const std::chrono::milliseconds max_interval_;
  const double multiplier_;
  const double jitter_;
  std::vector<Schedule> schedules_;
  std::mt19937_64 random_;
  const bool learned_spacing_;  // usesLearnedSpacing(options_)
  LearnedPolls learned_;        // plans learned pauses; every wait teaches the estimator through it
  std::vector<std::optional<WebhookPlan>> webhook_plans_;  // polling side; distrustCallbacks clears

  // Waiting side.
  std::vector<Job> last_;                             // each job's last record (or its id)
  std::vector<std::optional<std::string>> statuses_;  // each job's last status seen
  std::vector<bool> final_;
  std::size_t remaining_;

  mutable std::mutex mutex_;  // guards last_error_
  std::string last_error_;
};

}  // namespace useapi::luma::detail
