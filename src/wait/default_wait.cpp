// The default bodies of Connection::awaitEach and Connection::awaitJobAsync: getJob() polled on
// the caller's thread (or one of the future's own), every decision a JobWait's.

#include "wait/default_wait.hpp"

#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>

#include "client/cancel_state.hpp"
#include "useapi/luma/errors.hpp"
#include "wait/job_wait.hpp"
#include "wait/wait_context.hpp"
#include "webhook/job_events.hpp"

namespace useapi::luma {
namespace detail {

namespace {

// Subscribes to the callbacks of each job of `wait` created with a webhook: each one is queued
// in `callbacks` under `mutex` and wakes the pause.
std::vector<JobEvents::Subscription> subscribeToCallbacks(
    JobWait& wait, std::mutex& mutex, std::condition_variable& wake,
    std::vector<std::pair<std::size_t, Job>>& callbacks) {
  std::vector<JobEvents::Subscription> subscriptions;
  JobEvents* events = wait.events();
  if (!events) return subscriptions;
  for (std::size_t i = 0; i < wait.jobids().size(); ++i) {
    if (!wait.hasWebhook(i)) continue;
    subscriptions.push_back(events->subscribe(
        wait.jobids()[i], [m = &mutex, w = &wake, queue = &callbacks, i](const Job& hinted) {
          std::lock_guard<std::mutex> lock(*m);
          queue->emplace_back(i, hinted);
          w->notify_all();
        }));
  }
  return subscriptions;
}

// Acts on the callbacks queued: with confirmation, a final one makes its job due now (the
// confirming poll); without, each is taken as its job's record. Returns true when there were any.
bool takeCallbacks(JobWait& wait, std::mutex& mutex,
                   std::vector<std::pair<std::size_t, Job>>& callbacks,
                   std::vector<std::optional<Clock::time_point>>& due,
                   std::vector<bool>& confirming, const std::function<void(const Job&)>& on_final) {
  std::vector<std::pair<std::size_t, Job>> taken;
  {
    std::lock_guard<std::mutex> lock(mutex);
    taken.swap(callbacks);
  }
  const bool confirm = wait.events() && wait.events()->confirms();
  for (auto& [index, hinted] : taken) {
    if (confirm) {
      if (hinted.isFinal()) {
        due[index] = wait.time().now();
        confirming[index] = true;
      }
      continue;
    }
    if (hinted.isFinal()) due[index] = std::nullopt;
    if (wait.onRecord(index, hinted)) on_final(hinted);
  }
  return !taken.empty();
}

}  // namespace

void pollUntilFinal(Connection& connection, const std::vector<std::string>& jobids,
                    const std::function<void(const Job&)>& on_final, const PollOptions& options,
                    TimeSource& time) {
  if (jobids.empty()) return;
  JobWait wait(jobids, options, time);
  if (wait.cancelRequested()) std::rethrow_exception(wait.cancelled());

  // A cancel wakes the pause at once.
  std::mutex mutex;
  std::condition_variable wake;
  CancelSubscription subscription(options.cancel, [&] {
    std::lock_guard<std::mutex> lock(mutex);
    wake.notify_all();
  });
  // Webhook callbacks wake the pause too; jobs without a webhook are polled from the start.
  std::vector<std::pair<std::size_t, Job>> callbacks;  // guarded by `mutex`
  const auto subscriptions = subscribeToCallbacks(wait, mutex, wake, callbacks);
  const std::function<bool()> woken = [&] { return wait.cancelRequested() || !callbacks.empty(); };

  // When each job is polled next; none once final, or when the deadline comes first.
  std::vector<std::optional<Clock::time_point>> due(jobids.size());
  for (std::size_t i = 0; i < due.size(); ++i) due[i] = wait.firstPoll(i);
  std::vector<bool> confirming(jobids.size(), false);  // the next poll confirms a callback
  while (!wait.allFinal()) {
    std::optional<std::size_t> next;
    for (std::size_t i = 0; i < due.size(); ++i) {
      if (due[i] && (!next || *due[i] < *due[*next])) next = i;
    }
    // No poll left before the deadline: sleep until it comes (nextPoll() gives none only then).
    const Clock::time_point until = next ? *due[*next] : wait.deadline().value();
    {
      std::unique_lock<std::mutex> lock(mutex);
      if (time.waitUntil(lock, wake, until, woken) && wait.cancelRequested()) {
        std::rethrow_exception(wait.cancelled());
      }
    }
    if (takeCallbacks(wait, mutex, callbacks, due, confirming, on_final)) continue;
    if (!next || (wait.deadline() && time.now() >= *wait.deadline())) {
      std::rethrow_exception(wait.timedOut());
    }

    const std::size_t index = *next;
    Job job;
    std::exception_ptr failure;
    try {
      job = wait.recordOf(index, connection.getJob(jobids[index]), "getJob");
    } catch (...) {
      failure = std::current_exception();
    }
    if (failure) {
      if (!wait.isTransient(failure)) std::rethrow_exception(wait.pollFailure(index, failure));
      due[index] = wait.nextPoll(index, /*grow=*/false);
      continue;
    }
    if (confirming[index] && !job.isFinal()) wait.distrustCallbacks(index);
    confirming[index] = false;
    due[index] = job.isFinal() ? std::nullopt : wait.nextPoll(index, /*grow=*/true);
    if (wait.onRecord(index, job)) on_final(job);
  }
}

std::future<Job> awaitOnItsOwnThread(const std::string& jobid, const PollOptions& options,
                                     AwaitEach await_each) {
  // The wait runs on the future's own thread, in the context of the call that started it.
  return std::async(std::launch::async, [jobid, options, await_each = std::move(await_each),
                                         context = WaitContextScope::current()] {
    const WaitContextScope scope(context);
    try {
      std::optional<Job> final_record;
      await_each(
          {jobid}, [&](const Job& job) { final_record = job; }, options);
      if (!final_record) {
        throw Error("the wait for job " + jobid + " returned without the job's final record");
      }
      return completedOrThrow(std::move(*final_record));
    } catch (Error& error) {
      attachJobIds(error, {jobid});
      throw;
    }
  });
}

}  // namespace detail

void Connection::awaitEach(const std::vector<std::string>& jobids,
                           const std::function<void(const Job&)>& on_final,
                           const PollOptions& options) {
  detail::pollUntilFinal(*this, jobids, on_final, options, *detail::systemTime());
}

std::future<Job> Connection::awaitJobAsync(const std::string& jobid, const PollOptions& options) {
  // The connection must outlive the future (a Client holds it for as long as it lives).
  return detail::awaitOnItsOwnThread(
      jobid, options,
      [this](const std::vector<std::string>& jobids,
             const std::function<void(const Job&)>& on_final,
             const PollOptions& wait_options) { awaitEach(jobids, on_final, wait_options); });
}

}  // namespace useapi::luma
