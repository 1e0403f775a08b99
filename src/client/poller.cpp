#include "client/poller.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>

#include "client/cancel_state.hpp"
#include "client/wait_state.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {

// Carries PollEvents from the I/O thread to the blocked waiting thread.
class Poller::Mailbox {
 public:
  // What ended a waitForEvents().
  enum class Woken { Events, Deadline, Closed };

  void push(PollEvent event) {
    std::lock_guard<std::mutex> lock(mutex_);
    events_.push_back(std::move(event));
    wake_.notify_all();
  }

  // Any thread: wakes the waiting thread (a cancel).
  void wake() {
    std::lock_guard<std::mutex> lock(mutex_);
    wake_.notify_all();
  }

  // Any thread: the client is being destroyed; the wait ends with an Error saying `reason`.
  void close(const std::string& reason) {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = reason;
    wake_.notify_all();
  }

  // Blocks until an event, a cancel, the deadline or close(); `reason` tells why it closed.
  Woken waitForEvents(std::deque<PollEvent>& out, const CancelToken& cancel,
                      const std::optional<Clock::time_point>& deadline, std::string& reason) {
    std::unique_lock<std::mutex> lock(mutex_);
    const auto ready = [&] { return !events_.empty() || cancel.cancelled() || closed_; };
    if (deadline) {
      if (!wake_.wait_until(lock, *deadline, ready)) return Woken::Deadline;
    } else {
      wake_.wait(lock, ready);
    }
    if (closed_) {
      reason = *closed_;
      return Woken::Closed;
    }
    out.swap(events_);
    return Woken::Events;
  }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<PollEvent> events_;
  std::optional<std::string> closed_;
};

namespace {

std::string runningSummary(const std::vector<bool>& final, const std::vector<Job>& last) {
  std::string text;
  std::size_t listed = 0;
  for (std::size_t i = 0; i < last.size(); ++i) {
    if (final[i]) continue;
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

std::vector<std::string> unfinished(const std::vector<bool>& final,
                                    const std::vector<std::string>& jobids) {
  std::vector<std::string> open;
  for (std::size_t i = 0; i < jobids.size(); ++i) {
    if (!final[i]) open.push_back(jobids[i]);
  }
  return open;
}

}  // namespace

Poller::Poller(Transport& transport, RequestFor request_for, OnSettled on_settled)
    : transport_(transport),
      request_for_(std::move(request_for)),
      on_settled_(std::move(on_settled)),
      async_waits_(transport, on_settled_) {}

Poller::~Poller() { shutdown(); }

void Poller::shutdown() {
  const std::string reason = "the client was destroyed while waiting for the job";
  {
    std::lock_guard<std::mutex> lock(mailboxes_mutex_);
    closed_ = true;
    for (Mailbox* mailbox : mailboxes_) mailbox->close(reason);
  }
  async_waits_.endAll(reason);
}

void Poller::awaitEach(const std::vector<std::string>& jobids, const PollOptions& options,
                       const OnFinal& on_final) {
  std::vector<HttpRequest> requests;
  requests.reserve(jobids.size());
  for (const auto& jobid : jobids) requests.push_back(request_for_(jobid));
  if (jobids.empty()) return;

  const auto started = Clock::now();
  const std::optional<Clock::time_point> deadline = deadlineAfter(started, options.timeout);

  std::vector<Job> last(jobids.size());
  for (std::size_t i = 0; i < jobids.size(); ++i) last[i].jobid = jobids[i];
  std::vector<bool> final(jobids.size(), false);
  const std::string subject =
      jobids.size() == 1 ? "job " + jobids.front() : std::to_string(jobids.size()) + " jobs";
  // Every error leaving the wait names the jobs it leaves unfinished.
  const auto fail = [&](auto error) {
    attachJobIds(error, unfinished(final, jobids));
    throw error;
  };
  if (options.cancel.cancelled()) fail(CancelledError("wait for " + subject + " was cancelled"));

  auto mailbox = std::make_shared<Mailbox>();
  // Registered, so that the client's destruction ends this wait too.
  struct Registration {
    Poller& poller;
    Mailbox* mailbox;
    Registration(Poller& owner, Mailbox* box) : poller(owner), mailbox(box) {
      std::lock_guard<std::mutex> lock(poller.mailboxes_mutex_);
      if (poller.closed_) mailbox->close("the client was destroyed while waiting for the job");
      poller.mailboxes_.insert(mailbox);
    }
    ~Registration() {
      std::lock_guard<std::mutex> lock(poller.mailboxes_mutex_);
      poller.mailboxes_.erase(mailbox);
    }
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;
  } registration(*this, mailbox.get());
  auto state =
      std::make_shared<WaitState>(transport_, jobids, std::move(requests), options, deadline,
                                  [mailbox](PollEvent event) { mailbox->push(std::move(event)); });
  struct AbortOnExit {
    std::shared_ptr<WaitState> state;
    ~AbortOnExit() { state->abort(); }
  } abort_on_exit{state};
  CancelSubscription subscription(options.cancel, [mailbox] { mailbox->wake(); });
  transport_.post([state] { state->start(); });

  std::size_t remaining = jobids.size();
  std::deque<PollEvent> events;
  while (remaining > 0) {
    std::string closed_reason;
    const auto woken = mailbox->waitForEvents(events, options.cancel, deadline, closed_reason);
    if (woken == Mailbox::Woken::Closed) fail(Error(closed_reason));
    if (woken == Mailbox::Woken::Deadline) {
      const std::string message = timeoutMessage(
          subject, started, "; still running: " + runningSummary(final, last), state->lastError());
      const auto first_running = std::find(final.begin(), final.end(), false);
      fail(TimeoutError(message, last[static_cast<std::size_t>(first_running - final.begin())]));
    }
    for (auto& event : events) {
      if (event.error) {
        if (on_settled_ && isGone(event.error)) on_settled_(jobids[event.index], nullptr);
        try {
          std::rethrow_exception(event.error);
        } catch (Error& error) {
          attachJobIds(error, unfinished(final, jobids));
          throw;
        }
      }
      if (event.job.jobid.empty()) event.job.jobid = jobids[event.index];
      last[event.index] = event.job;
      const bool now_final = event.job.isFinal() && !final[event.index];
      if (now_final && on_settled_) on_settled_(jobids[event.index], &event.job);
      if (options.on_update) options.on_update(event.job);
      if (now_final) {
        final[event.index] = true;
        --remaining;
        on_final(event.index, std::move(event.job));
      }
    }
    events.clear();
    if (remaining > 0 && options.cancel.cancelled()) {
      fail(CancelledError("wait for " + subject + " was cancelled"));
    }
  }
}

std::vector<Job> Poller::awaitAll(const std::vector<std::string>& jobids,
                                  const PollOptions& options) {
  std::vector<Job> results(jobids.size());
  awaitEach(jobids, options, [&](std::size_t index, Job job) { results[index] = std::move(job); });
  return results;
}

std::future<Job> Poller::awaitAsync(const std::string& jobid, const PollOptions& options) {
  return async_waits_.add(jobid, request_for_(jobid), options);
}

}  // namespace useapi::luma::detail
