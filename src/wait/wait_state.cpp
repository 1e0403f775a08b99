#include "wait/wait_state.hpp"

#include "codec/response_decoder.hpp"
#include "connection/status_errors.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {

WaitState::WaitState(Transport& transport, std::shared_ptr<JobWait> wait,
                     std::vector<HttpRequest> requests, Sink sink)
    : transport_(transport),
      wait_(std::move(wait)),
      requests_(std::move(requests)),
      timers_(requests_.size(), 0),
      in_flight_(requests_.size(), false),
      poll_again_(requests_.size(), false),
      settled_(requests_.size(), false),
      confirming_(requests_.size(), false),
      sink_(std::move(sink)) {}

void WaitState::start() {
  for (std::size_t i = 0; i < requests_.size(); ++i) startJob(i);
}

void WaitState::abort() {
  aborted_.store(true);
  auto self = shared_from_this();
  transport_.post([self] { self->cancelTimers(); });
}

void WaitState::pollNow(std::size_t index) {
  if (aborted_.load()) return;
  timers_[index] = 0;
  if (settled_[index]) return;
  in_flight_[index] = true;
  HttpRequest request = requests_[index];
  request.deadline = wait_->deadline();
  auto self = shared_from_this();
  transport_.send(std::move(request), [self, index](HttpOutcome outcome) {
    self->onAnswer(index, std::move(outcome));
  });
}

void WaitState::onAnswer(std::size_t index, HttpOutcome outcome) {
  if (aborted_.load()) return;
  in_flight_[index] = false;
  if (settled_[index]) return;
  const std::string& endpoint = requests_[index].endpoint;
  // A permanent failure is handed on only after its catch block: the receiving thread may add
  // to the exception (the job ids), so this thread must hold no reference to it by then.
  std::exception_ptr failure;
  Job job;
  try {
    HttpResponse response = successOrThrow(std::move(outcome), endpoint);
    // A 2xx answer that is no readable record of this job stays so however often it is asked
    // for: it ends the wait now, instead of polling to the deadline and calling it a timeout.
    try {
      job = decodeJob(std::move(response.body), endpoint);
    } catch (const Error& error) {
      throw UnreadableRecord(error.what());
    }
    job = wait_->recordOf(index, std::move(job), endpoint);
  } catch (...) {  // even std::bad_alloc: end the wait with it rather than the I/O thread
    failure = std::current_exception();
  }
  if (failure) {
    if (!wait_->isTransient(failure)) return sink_({index, Job{}, std::move(failure)});
    return scheduleNext(index, /*grow=*/false);
  }
  const bool final = job.isFinal();
  if (confirming_[index] && !final) wait_->distrustCallbacks(index);
  confirming_[index] = false;
  sink_({index, std::move(job), nullptr});
  if (!final) scheduleNext(index, /*grow=*/true);
}

void WaitState::scheduleNext(std::size_t index, bool grow) {
  if (aborted_.load()) return;  // the sink may have ended the wait
  if (poll_again_[index]) {     // a callback came while the poll was under way
    poll_again_[index] = false;
    return pollNow(index);
  }
  const auto when = wait_->nextPoll(index, grow);
  if (!when) return;  // the wait times out first
  auto self = shared_from_this();
  timers_[index] = transport_.schedule(*when, [self, index] { self->pollNow(index); });
}

void WaitState::cancelTimers() {
  for (auto& timer : timers_) {
    if (timer != 0) transport_.cancelTimer(timer);
    timer = 0;
  }
  subscriptions_.clear();
}

void WaitState::startJob(std::size_t index) {
  if (wait_->hasWebhook(index)) subscribe(index);
  const auto first = wait_->firstPoll(index);
  if (!first || settled_[index] || timers_[index] != 0 || in_flight_[index]) return;
  if (*first <= wait_->time().now()) return pollNow(index);
  auto self = shared_from_this();
  timers_[index] = transport_.schedule(*first, [self, index] { self->pollNow(index); });
}

void WaitState::subscribe(std::size_t index) {
  JobEvents* events = wait_->events();
  if (!events) return;
  std::weak_ptr<WaitState> weak = shared_from_this();
  Transport& transport = transport_;
  // Runs on the delivering thread under the events' lock: only hands the callback over.
  subscriptions_.push_back(
      events->subscribe(wait_->jobids()[index], [weak, &transport, index](const Job& hinted) {
        transport.post([weak, index, hinted] {
          if (auto self = weak.lock()) self->onCallback(index, hinted);
        });
      }));
}

void WaitState::onCallback(std::size_t index, const Job& hinted) {
  if (aborted_.load() || settled_[index]) return;
  const JobEvents* events = wait_->events();
  if (events && !events->confirms()) {  // taken as is
    const bool final = hinted.isFinal();
    if (final) {
      settled_[index] = true;
      if (timers_[index] != 0) transport_.cancelTimer(timers_[index]);
      timers_[index] = 0;
    }
    return sink_({index, hinted, nullptr});
  }
  if (!hinted.isFinal()) return;  // nothing to confirm yet: the safety net stays
  confirming_[index] = true;
  if (in_flight_[index]) {
    poll_again_[index] = true;
    return;
  }
  if (timers_[index] != 0) transport_.cancelTimer(timers_[index]);
  pollNow(index);
}

}  // namespace useapi::luma::detail
