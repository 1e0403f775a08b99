#include "client/wait_state.hpp"

#include <algorithm>

#include "client/job_answers.hpp"
#include "codec/response_decoder.hpp"
#include "transport/status_errors.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {

using std::chrono::milliseconds;

std::string timeoutMessage(const std::string& subject, Clock::time_point started,
                           const std::string& state, const std::string& last_error) {
  const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  std::string message = "waiting for " + subject + " timed out after " +
                        std::to_string(waited.count()) + " ms" + state;
  if (!last_error.empty()) message += "; last error: " + last_error;
  return message;
}

bool isGone(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const NotFoundError& error) {
    return isApiJobNotFoundAnswer(error.body());
  } catch (...) {
    return false;
  }
}

WaitState::WaitState(Transport& transport, std::vector<HttpRequest> requests,
                     const PollOptions& options, std::optional<Clock::time_point> deadline,
                     Sink sink)
    : transport_(transport),
      requests_(std::move(requests)),
      entries_(requests_.size()),
      initial_interval_(std::max(options.initial_interval, milliseconds(1))),
      max_interval_(std::max(options.max_interval, initial_interval_)),
      multiplier_(std::max(options.multiplier, 1.0)),
      jitter_(std::clamp(options.jitter, 0.0, 1.0)),
      deadline_(deadline),
      sink_(std::move(sink)),
      random_(std::random_device{}()) {
  for (auto& entry : entries_) entry.interval = initial_interval_;
}

void WaitState::start() {
  for (std::size_t i = 0; i < entries_.size(); ++i) pollNow(i);
}

void WaitState::abort() {
  aborted_.store(true);
  auto self = shared_from_this();
  transport_.post([self] { self->cancelTimers(); });
}

std::string WaitState::lastError() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_error_;
}

void WaitState::pollNow(std::size_t index) {
  if (aborted_.load()) return;
  entries_[index].timer = 0;
  HttpRequest request = requests_[index];
  request.deadline = deadline_;
  auto self = shared_from_this();
  transport_.send(std::move(request), [self, index](HttpOutcome outcome) {
    self->onAnswer(index, std::move(outcome));
  });
}

void WaitState::onAnswer(std::size_t index, HttpOutcome outcome) {
  if (aborted_.load()) return;
  const std::string& endpoint = requests_[index].endpoint;
  Entry& entry = entries_[index];
  // A permanent failure is handed on only after its catch block: the receiving thread may add
  // to the exception (the job ids), so this thread must hold no reference to it by then.
  std::exception_ptr permanent;
  try {
    HttpResponse response = successOrThrow(std::move(outcome), endpoint);
    Job job = decodeJob(std::move(response.body), endpoint);
    const bool changed = entry.last_status != job.status_text;
    entry.last_status = job.status_text;
    const bool final = job.isFinal();
    if (changed || final) sink_({index, std::move(job), nullptr});
    if (final) return;
    scheduleNext(index, /*grow=*/true);
  } catch (const ApiError& error) {
    if (isPermanentStatus(error.status())) {
      permanent = std::current_exception();
    } else {
      noteTransient(error.what());
      scheduleNext(index, /*grow=*/false);
    }
  } catch (const Error& error) {  // TransportError: unreachable, reset, unparseable answer
    noteTransient(error.what());
    scheduleNext(index, /*grow=*/false);
  } catch (...) {  // e.g. std::bad_alloc: end the wait with it rather than the I/O thread
    permanent = std::current_exception();
  }
  if (permanent) sink_({index, Job{}, std::move(permanent)});
}

void WaitState::scheduleNext(std::size_t index, bool grow) {
  if (aborted_.load()) return;  // the sink may have ended the wait
  Entry& entry = entries_[index];
  std::uniform_real_distribution<double> spread(1.0 - jitter_, 1.0 + jitter_);
  const auto delay = milliseconds(
      static_cast<std::int64_t>(static_cast<double>(entry.interval.count()) * spread(random_)));
  if (grow) {
    const double next = static_cast<double>(entry.interval.count()) * multiplier_;
    entry.interval = std::min(max_interval_, milliseconds(static_cast<std::int64_t>(next)));
  }
  const auto when = Clock::now() + delay;
  if (deadline_ && when >= *deadline_) return;  // the wait times out first
  auto self = shared_from_this();
  entry.timer = transport_.schedule(when, [self, index] { self->pollNow(index); });
}

void WaitState::cancelTimers() {
  for (auto& entry : entries_) {
    if (entry.timer != 0) transport_.cancelTimer(entry.timer);
    entry.timer = 0;
  }
}

void WaitState::noteTransient(const std::string& message) {
  std::lock_guard<std::mutex> lock(mutex_);
  last_error_ = message;
}

}  // namespace useapi::luma::detail
