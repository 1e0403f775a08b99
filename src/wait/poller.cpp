#include "wait/poller.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>

#include "client/cancel_state.hpp"
#include "useapi/luma/errors.hpp"
#include "wait/job_wait.hpp"
#include "wait/wait_state.hpp"

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

  // Blocks until an event, a cancel, the wait's deadline or close(); `reason` tells why it
  // closed.
  Woken waitForEvents(std::deque<PollEvent>& out, const JobWait& wait, std::string& reason) {
    std::unique_lock<std::mutex> lock(mutex_);
    const std::function<bool()> ready = [&] {
      return !events_.empty() || wait.cancelRequested() || closed_;
    };
    // Without a deadline, until ready() (a time source may still wake it early: wait again).
    const auto until = wait.deadline().value_or(Clock::time_point::max());
    while (!wait.time().waitUntil(lock, wake_, until, ready)) {
      if (wait.deadline()) return Woken::Deadline;
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

Poller::Poller(Transport& transport, RequestFor request_for, OnSettled on_settled,
               std::shared_ptr<TimeSource> time)
    : transport_(transport),
      time_(std::move(time)),
      request_for_(std::move(request_for)),
      on_settled_(std::move(on_settled)),
      async_waits_(transport, *time_, on_settled_) {}

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

  auto wait = std::make_shared<JobWait>(jobids, options, *time_, on_settled_);
  if (wait->cancelRequested()) std::rethrow_exception(wait->cancelled());

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
      std::make_shared<WaitState>(transport_, wait, std::move(requests),
                                  [mailbox](PollEvent event) { mailbox->push(std::move(event)); });
  struct AbortOnExit {
    std::shared_ptr<WaitState> state;
    ~AbortOnExit() { state->abort(); }
  } abort_on_exit{state};
  CancelSubscription subscription(options.cancel, [mailbox] { mailbox->wake(); });
  transport_.post([state] { state->start(); });

  std::deque<PollEvent> events;
  while (!wait->allFinal()) {
    std::string closed_reason;
    const auto woken = mailbox->waitForEvents(events, *wait, closed_reason);
    if (woken == Mailbox::Woken::Closed) {
      std::rethrow_exception(wait->ended(std::make_exception_ptr(Error(closed_reason))));
    }
    if (woken == Mailbox::Woken::Deadline) std::rethrow_exception(wait->timedOut());
    for (auto& event : events) {
      if (event.error) std::rethrow_exception(wait->pollFailure(event.index, event.error));
      if (wait->onRecord(event.index, event.job)) on_final(event.index, std::move(event.job));
    }
    events.clear();
    if (!wait->allFinal() && wait->cancelRequested()) std::rethrow_exception(wait->cancelled());
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
