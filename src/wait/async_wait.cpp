#include "wait/async_wait.hpp"

#include "client/cancel_state.hpp"
#include "useapi/luma/errors.hpp"
#include "wait/wait_state.hpp"

namespace useapi::luma::detail {

// One job's wait whose result is a future. Everything but construction runs on the I/O thread:
// the polls' events, the deadline timer, a cancel (posted there by the cancelling thread).
class AsyncJobWait : public std::enable_shared_from_this<AsyncJobWait> {
 public:
  AsyncJobWait(AsyncWaits& owner, const std::string& jobid, HttpRequest request,
               const PollOptions& options)
      : owner_(owner),
        wait_(std::make_shared<JobWait>(std::vector<std::string>{jobid}, options, owner.time_,
                                        owner.on_settled_)),
        request_(std::move(request)) {}

  std::future<Job> future() { return promise_.get_future(); }

  void start() {
    if (wait_->cancelRequested()) return endWith(wait_->cancelled());
    std::weak_ptr<AsyncJobWait> weak = shared_from_this();
    Transport& transport = owner_.transport_;
    state_ = std::make_shared<WaitState>(transport, wait_, std::vector<HttpRequest>{request_},
                                         [weak](PollEvent event) {
                                           if (auto self = weak.lock()) {
                                             self->onEvent(std::move(event));
                                           }
                                         });
    if (wait_->deadline()) {
      deadline_timer_ = transport.schedule(*wait_->deadline(), [weak] {
        if (auto self = weak.lock()) self->onDeadline();
      });
    }
    cancel_subscription_ =
        std::make_unique<CancelSubscription>(wait_->cancelToken(), [weak, &transport] {
          transport.post([weak] {
            if (auto self = weak.lock()) self->endWith(self->wait_->cancelled());
          });
        });
    state_->start();
  }

  // Ends the wait with `error`, naming the job; nothing happens after the first end.
  void endWith(std::exception_ptr error) {
    if (ended_) return;
    auto self = finish();
    promise_.set_exception(wait_->ended(std::move(error)));
  }

 private:
  void onEvent(PollEvent event) {
    if (ended_) return;
    if (event.error) return endWith(wait_->pollFailure(event.index, std::move(event.error)));
    bool final = false;
    try {
      final = wait_->onRecord(event.index, event.job);
    } catch (...) {  // on_update threw
      return endWith(std::current_exception());
    }
    if (!final) return;
    auto self = finish();
    try {
      promise_.set_value(completedOrThrow(std::move(event.job)));
    } catch (Error& failed) {  // JobFailedError: the job is final, yet the error names it
      attachJobIds(failed, wait_->jobids());
      promise_.set_exception(std::current_exception());
    } catch (...) {
      promise_.set_exception(std::current_exception());
    }
  }

  void onDeadline() {
    deadline_timer_ = 0;
    endWith(wait_->timedOut());
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
  const std::shared_ptr<JobWait> wait_;
  const HttpRequest request_;
  std::promise<Job> promise_;
  std::shared_ptr<WaitState> state_;
  TimerId deadline_timer_ = 0;
  std::unique_ptr<CancelSubscription> cancel_subscription_;
  bool ended_ = false;
};

AsyncWaits::AsyncWaits(Transport& transport, TimeSource& time, JobWait::OnSettled on_settled)
    : transport_(transport), time_(time), on_settled_(std::move(on_settled)) {}

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
