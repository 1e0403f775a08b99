#include "client/poller.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <random>

#include "client/cancel_state.hpp"
#include "codec/response_decoder.hpp"
#include "transport/status_errors.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

using std::chrono::milliseconds;

// What the I/O thread tells the waiting thread about one job.
struct PollEvent {
  std::size_t index = 0;
  Job job;
  std::exception_ptr error;  // a permanent failure: the wait ends with it
};

// One wait: the jobs' schedules (I/O thread only) and the mailbox to the waiting thread.
class WaitState : public std::enable_shared_from_this<WaitState> {
 public:
  WaitState(Transport& transport, std::vector<HttpRequest> requests, const PollOptions& options,
            std::optional<Clock::time_point> deadline)
      : transport_(transport),
        requests_(std::move(requests)),
        entries_(requests_.size()),
        initial_interval_(std::max(options.initial_interval, milliseconds(1))),
        max_interval_(std::max(options.max_interval, initial_interval_)),
        multiplier_(std::max(options.multiplier, 1.0)),
        jitter_(std::clamp(options.jitter, 0.0, 1.0)),
        deadline_(deadline),
        random_(std::random_device{}()) {
    for (auto& entry : entries_) entry.interval = initial_interval_;
  }

  // I/O thread: the first poll of every job, all at once.
  void start() {
    for (std::size_t i = 0; i < entries_.size(); ++i) pollNow(i);
  }

  // Any thread: no more polls; the I/O thread drops the pending timers.
  void abort() {
    aborted_.store(true);
    auto self = shared_from_this();
    transport_.post([self] { self->cancelTimers(); });
  }

  // Waiting thread: blocks until an event, a cancel or the deadline. False on the deadline.
  bool waitForEvents(std::deque<PollEvent>& out, const CancelToken& cancel) {
    std::unique_lock<std::mutex> lock(mutex_);
    const auto ready = [&] { return !events_.empty() || cancel.cancelled(); };
    if (deadline_) {
      if (!wake_.wait_until(lock, *deadline_, ready)) return false;
    } else {
      wake_.wait(lock, ready);
    }
    out.swap(events_);
    return true;
  }

  // Any thread: wakes the waiting thread (a cancel).
  void wake() {
    std::lock_guard<std::mutex> lock(mutex_);
    wake_.notify_all();
  }

  std::string lastError() {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_error_;
  }

 private:
  struct Entry {
    milliseconds interval{0};
    std::optional<std::string> last_status;
    TimerId timer = 0;
  };

  void pollNow(std::size_t index) {
    if (aborted_.load()) return;
    entries_[index].timer = 0;
    HttpRequest request = requests_[index];
    request.deadline = deadline_;
    auto self = shared_from_this();
    transport_.send(std::move(request), [self, index](HttpOutcome outcome) {
      self->onAnswer(index, std::move(outcome));
    });
  }

  void onAnswer(std::size_t index, HttpOutcome outcome) {
    if (aborted_.load()) return;
    const std::string& endpoint = requests_[index].endpoint;
    Entry& entry = entries_[index];
    try {
      const HttpResponse response = successOrThrow(std::move(outcome), endpoint);
      Job job = decodeJob(response.body, endpoint);
      const bool changed = entry.last_status != job.status_text;
      entry.last_status = job.status_text;
      const bool final = job.isFinal();
      if (changed || final) publish({index, std::move(job), nullptr});
      if (final) return;
      scheduleNext(index, /*grow=*/true);
    } catch (const ApiError& error) {
      if (isPermanentStatus(error.status())) {
        publish({index, Job{}, std::current_exception()});
        return;
      }
      noteTransient(error.what());
      scheduleNext(index, /*grow=*/false);
    } catch (const Error& error) {  // TransportError: unreachable, reset, unparseable answer
      noteTransient(error.what());
      scheduleNext(index, /*grow=*/false);
    } catch (...) {  // e.g. std::bad_alloc: end the wait with it rather than the I/O thread
      publish({index, Job{}, std::current_exception()});
    }
  }

  void scheduleNext(std::size_t index, bool grow) {
    Entry& entry = entries_[index];
    std::uniform_real_distribution<double> spread(1.0 - jitter_, 1.0 + jitter_);
    const auto delay = milliseconds(
        static_cast<std::int64_t>(static_cast<double>(entry.interval.count()) * spread(random_)));
    if (grow) {
      const double next = static_cast<double>(entry.interval.count()) * multiplier_;
      entry.interval = std::min(max_interval_, milliseconds(static_cast<std::int64_t>(next)));
    }
    const auto when = Clock::now() + delay;
    if (deadline_ && when >= *deadline_) return;  // the waiting thread times out first
    auto self = shared_from_this();
    entry.timer = transport_.schedule(when, [self, index] { self->pollNow(index); });
  }

  void cancelTimers() {
    for (auto& entry : entries_) {
      if (entry.timer != 0) transport_.cancelTimer(entry.timer);
      entry.timer = 0;
    }
  }

  void publish(PollEvent event) {
    std::lock_guard<std::mutex> lock(mutex_);
    events_.push_back(std::move(event));
    wake_.notify_all();
  }

  void noteTransient(const std::string& message) {
    std::lock_guard<std::mutex> lock(mutex_);
    last_error_ = message;
  }

  Transport& transport_;
  const std::vector<HttpRequest> requests_;
  std::vector<Entry> entries_;  // I/O thread only
  const milliseconds initial_interval_;
  const milliseconds max_interval_;
  const double multiplier_;
  const double jitter_;
  const std::optional<Clock::time_point> deadline_;
  std::mt19937_64 random_;  // I/O thread only
  std::atomic<bool> aborted_{false};

  std::mutex mutex_;  // guards events_ and last_error_
  std::condition_variable wake_;
  std::deque<PollEvent> events_;
  std::string last_error_;
};

// Whether a wait's error says the job no longer exists (404).
bool isGone(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const NotFoundError&) {
    return true;
  } catch (...) {
    return false;
  }
}

std::string runningSummary(const std::vector<std::optional<Job>>& finals,
                           const std::vector<Job>& last) {
  std::string text;
  std::size_t listed = 0;
  for (std::size_t i = 0; i < last.size(); ++i) {
    if (finals[i]) continue;
    if (listed++ == 3) {
      text += ", ...";
      break;
    }
    if (!text.empty()) text += ", ";
    text += last[i].jobid + " (" +
            (last[i].status_text.empty() ? std::string("no answer yet") : last[i].status_text) +
            ")";
  }
  return text;
}

}  // namespace

Poller::Poller(Transport& transport, RequestFor request_for, OnSettled on_settled)
    : transport_(transport),
      request_for_(std::move(request_for)),
      on_settled_(std::move(on_settled)) {}

std::vector<Job> Poller::awaitAll(const std::vector<std::string>& jobids,
                                  const PollOptions& options) {
  std::vector<HttpRequest> requests;
  requests.reserve(jobids.size());
  for (const auto& jobid : jobids) requests.push_back(request_for_(jobid));
  if (jobids.empty()) return {};

  const auto started = Clock::now();
  std::optional<Clock::time_point> deadline;
  if (options.timeout.count() > 0) deadline = started + options.timeout;

  std::vector<Job> last(jobids.size());
  for (std::size_t i = 0; i < jobids.size(); ++i) last[i].jobid = jobids[i];
  const std::string subject =
      jobids.size() == 1 ? "job " + jobids.front() : std::to_string(jobids.size()) + " jobs";
  if (options.cancel.cancelled()) throw CancelledError("wait for " + subject + " was cancelled");

  auto state = std::make_shared<WaitState>(transport_, std::move(requests), options, deadline);
  struct AbortOnExit {
    std::shared_ptr<WaitState> state;
    ~AbortOnExit() { state->abort(); }
  } abort_on_exit{state};
  CancelSubscription subscription(options.cancel, [state] { state->wake(); });
  transport_.post([state] { state->start(); });

  std::vector<std::optional<Job>> finals(jobids.size());
  std::size_t remaining = jobids.size();
  std::deque<PollEvent> events;
  while (remaining > 0) {
    if (!state->waitForEvents(events, options.cancel)) {
      const auto waited = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
      std::string message = "waiting for " + subject + " timed out after " +
                            std::to_string(waited.count()) +
                            " ms; still running: " + runningSummary(finals, last);
      if (const std::string error = state->lastError(); !error.empty()) {
        message += "; last error: " + error;
      }
      const auto first_running =
          std::find_if(finals.begin(), finals.end(), [](const auto& job) { return !job; });
      throw TimeoutError(message, last[static_cast<std::size_t>(first_running - finals.begin())]);
    }
    for (auto& event : events) {
      if (event.error) {
        if (on_settled_ && isGone(event.error)) on_settled_(jobids[event.index]);
        std::rethrow_exception(event.error);
      }
      if (event.job.jobid.empty()) event.job.jobid = jobids[event.index];
      last[event.index] = event.job;
      if (event.job.isFinal() && on_settled_) on_settled_(jobids[event.index]);
      if (options.on_update) options.on_update(event.job);
      if (event.job.isFinal() && !finals[event.index]) {
        finals[event.index] = std::move(event.job);
        --remaining;
      }
    }
    events.clear();
    if (remaining > 0 && options.cancel.cancelled()) {
      throw CancelledError("wait for " + subject + " was cancelled");
    }
  }
  std::vector<Job> results;
  results.reserve(finals.size());
  for (auto& job : finals) results.push_back(std::move(*job));
  return results;
}

}  // namespace useapi::luma::detail
