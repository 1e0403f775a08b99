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

namespace {

// `interval` times `factor` (>= 0), held at the longest milliseconds instead of overflowing.
milliseconds scaled(milliseconds interval, double factor) {
  return saturatingMilliseconds(static_cast<double>(interval.count()) * factor);
}

// A 2xx answer to a poll that holds no readable record of the job polled: an internal marker, so
// that where it came from decides (never its text); the wait ends with a TransportError.
class UnreadableRecord : public TransportError {
 public:
  using TransportError::TransportError;
};

bool isRedirect(int status) { return status >= 300 && status <= 399; }

// The job record of GET /jobs/{jobid}'s 2xx answer. Throws UnreadableRecord when there is none
// to read: not JSON of a record's shape, no jobid (decodeJob refuses it), or another job's jobid.
Job readRecord(const std::string& endpoint, const std::string& jobid, std::string body) {
  Job job;
  try {
    job = decodeJob(std::move(body), endpoint);
  } catch (const Error& error) {
    throw UnreadableRecord(error.what());
  }
  if (job.jobid != jobid) {
    throw UnreadableRecord(endpoint + " answered with the record of another job, " + job.jobid +
                           ", instead of job " + jobid + "'s: it is not taken as " + jobid +
                           "'s result");
  }
  return job;
}

}  // namespace

WaitState::WaitState(Transport& transport, std::vector<std::string> jobids,
                     std::vector<HttpRequest> requests, const PollOptions& options,
                     std::optional<Clock::time_point> deadline, Sink sink)
    : transport_(transport),
      jobids_(std::move(jobids)),
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
  std::optional<Job> job;
  try {
    HttpResponse response = successOrThrow(std::move(outcome), endpoint);
    // A 2xx answer that is no readable record of this job stays so however often it is asked
    // for: it ends the wait now, instead of polling to the deadline and calling it a timeout.
    job = readRecord(endpoint, jobids_[index], std::move(response.body));
  } catch (const ApiError& error) {
    // A 3xx too: the API never redirects, and a poll that is sent elsewhere never gets there.
    if (isPermanentStatus(error.status()) || isRedirect(error.status())) {
      permanent = std::current_exception();
    } else {
      noteTransient(error.what());
      scheduleNext(index, /*grow=*/false);
    }
  } catch (const UnreadableRecord& error) {  // the caller sees the TransportError it is
    permanent = std::make_exception_ptr(TransportError(error.what()));
  } catch (const Error& error) {  // TransportError: unreachable, reset, cut short
    noteTransient(error.what());
    scheduleNext(index, /*grow=*/false);
  } catch (...) {  // e.g. std::bad_alloc: end the wait with it rather than the I/O thread
    permanent = std::current_exception();
  }
  if (permanent) return sink_({index, Job{}, std::move(permanent)});
  if (!job) return;
  const bool changed = entry.last_status != job->status_text;
  entry.last_status = job->status_text;
  const bool final = job->isFinal();
  if (changed || final) sink_({index, std::move(*job), nullptr});
  if (final) return;
  scheduleNext(index, /*grow=*/true);
}

void WaitState::scheduleNext(std::size_t index, bool grow) {
  if (aborted_.load()) return;  // the sink may have ended the wait
  Entry& entry = entries_[index];
  std::uniform_real_distribution<double> spread(1.0 - jitter_, 1.0 + jitter_);
  const auto delay = scaled(entry.interval, spread(random_));
  if (grow) entry.interval = std::min(max_interval_, scaled(entry.interval, multiplier_));
  const auto when = saturatingAdd(Clock::now(), delay);
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
