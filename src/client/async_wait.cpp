#include "client/async_wait.hpp"

#include <optional>

#include "client/cancel_state.hpp"
#include "client/wait_state.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {

// One job's wait whose result is a future. Everything but construction runs on the I/O thread:
// the polls' events, the deadline timer, a cancel (posted there by the cancelling thread).
class AsyncJobWait : public std::enable_shared_from_this<AsyncJobWait> {
 public:
  AsyncJobWait(AsyncWaits& owner, std::string jobid, HttpRequest request, PollOptions options)
      : owner_(owner),
        jobid_(std::move(jobid)),
        request_(std::move(request)),
        options_(std::move(options)),
        started_(Clock::now()) {
    last_.jobid = jobid_;
    deadline_ = deadlineAfter(started_, options_.timeout);
  }

  std::future<Job> future() { return promise_.get_future(); }

  void start() {
    if (options_.cancel.cancelled()) return endWith(cancelled());
    std::weak_ptr<AsyncJobWait> weak = shared_from_this();
    Transport& transport = owner_.transport_;
    state_ = std::make_shared<WaitState>(transport, std::vector<std::string>{jobid_},
                                         std::vector<HttpRequest>{request_}, options_, deadline_,
                                         [weak](PollEvent event) {
                                           if (auto self = weak.lock()) {
                                             self->onEvent(std::move(event));
                                           }
                                         });
    if (deadline_) {
      deadline_timer_ = transport.schedule(*deadline_, [weak] {
        if (auto self = weak.lock()) self->onDeadline();
      });
    }
    cancel_subscription_ =
        std::make_unique<CancelSubscription>(options_.cancel, [weak, &transport] {
          transport.post([weak] {
            if (auto self = weak.lock()) self->endWith(self->cancelled());
          });
        });
    state_->start();
  }

  // Ends the wait with `error`, naming the job; nothing happens after the first end.
  void endWith(std::exception_ptr error) {
    if (ended_) return;
    try {
      std::rethrow_exception(error);
    } catch (Error& named) {
      attachJobIds(named, {jobid_});
      error = std::current_exception();
    } catch (...) {
    }
    auto self = finish();
    promise_.set_exception(error);
  }

 private:
  void onEvent(PollEvent event) {
    if (ended_) return;
    if (event.error) {
      if (isGone(event.error)) settle(nullptr);
      return endWith(event.error);
    }
    Job& job = event.job;
    if (job.jobid.empty()) job.jobid = jobid_;
    last_ = job;
    if (options_.on_update) {
      try {
        options_.on_update(job);
      } catch (...) {
        return endWith(std::current_exception());
      }
    }
    if (!job.isFinal()) return;
    settle(&job);
    if (job.status == JobStatus::Failed) {
      return endWith(std::make_exception_ptr(JobFailedError(std::move(job))));
    }
    auto self = finish();
    promise_.set_value(std::move(job));
  }

  void onDeadline() {
    deadline_timer_ = 0;
    const std::string message = timeoutMessage(
        "job " + jobid_, started_,
        " (last status: " + (last_.status_text.empty() ? "no answer yet" : last_.status_text) + ")",
        state_ ? state_->lastError() : std::string());
    endWith(std::make_exception_ptr(TimeoutError(message, last_)));
  }

  std::exception_ptr cancelled() const {
    return std::make_exception_ptr(CancelledError("wait for job " + jobid_ + " was cancelled"));
  }

  void settle(const Job* final_record) {
    if (owner_.on_settled_) owner_.on_settled_(jobid_, final_record);
  }

  // Stops polls, timer and cancel subscription, and leaves the registry. Returns a reference
  // that keeps this object alive until the caller is done with it.
  std::shared_ptr<AsyncJobWait> finish() {
    auto self = shared_from_this();
    ended_ = true;
    if (state_) state_->abort();
    if (deadline_timer_ != 0) owner_.transport_.cancelTimer(deadline_timer_);
    deadline_timer_ = 0;
    cancel_subscription_.reset();
    owner_.live_.erase(this);
    return self;
  }

  AsyncWaits& owner_;
  const std::string jobid_;
  const HttpRequest request_;
  const PollOptions options_;
  const Clock::time_point started_;
  std::optional<Clock::time_point> deadline_;
  std::promise<Job> promise_;
  std::shared_ptr<WaitState> state_;
  TimerId deadline_timer_ = 0;
  std::unique_ptr<CancelSubscription> cancel_subscription_;
  Job last_;
  bool ended_ = false;
};

AsyncWaits::AsyncWaits(Transport& transport, OnSettled on_settled)
    : transport_(transport), on_settled_(std::move(on_settled)) {}

std::future<Job> AsyncWaits::add(const std::string& jobid, HttpRequest request,
                                 const PollOptions& options) {
  auto wait = std::make_shared<AsyncJobWait>(*this, jobid, std::move(request), options);
  std::future<Job> result = wait->future();
  transport_.post([this, wait] {
    live_.emplace(wait.get(), wait);
    wait->start();
  });
  return result;
}

void AsyncWaits::endAll(const std::string& reason) {
  std::promise<void> ended;
  transport_.post([this, &ended, reason] {
    auto waits = live_;  // each end leaves live_
    for (auto& [key, wait] : waits) wait->endWith(std::make_exception_ptr(Error(reason)));
    ended.set_value();
  });
  ended.get_future().wait();
}

}  // namespace useapi::luma::detail
