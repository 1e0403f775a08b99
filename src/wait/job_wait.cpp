#include "wait/job_wait.hpp"

#include <algorithm>

#include "codec/job_answers.hpp"
#include "connection/status_errors.hpp"
#include "transport/clock_math.hpp"
#include "webhook/job_events.hpp"

namespace useapi::luma::detail {

using std::chrono::milliseconds;

namespace {

// `interval` times `factor` (>= 0), held at the longest milliseconds instead of overflowing.
milliseconds scaled(milliseconds interval, double factor) {
  return saturatingMilliseconds(static_cast<double>(interval.count()) * factor);
}

bool isRedirect(int status) { return status >= 300 && status <= 399; }

// Whether a poll's error says the job no longer exists: a 404 that is the API's own answer
// (isApiJobNotFoundAnswer), so the journal can forget it.
bool isGone(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const NotFoundError& error) {
    return isApiJobNotFoundAnswer(error.body());
  } catch (...) {
    return false;
  }
}

}  // namespace

Job completedOrThrow(Job final_record) {
  if (final_record.status == JobStatus::Failed) throw JobFailedError(std::move(final_record));
  return final_record;
}

JobWait::JobWait(std::vector<std::string> jobids, PollOptions options, TimeSource& time,
                 OnSettled on_settled)
    : jobids_(std::move(jobids)),
      options_(std::move(options)),
      time_(time),
      context_(WaitContextScope::current()),
      on_settled_(std::move(on_settled)),
      started_(time_.now()),
      deadline_(deadlineAfter(started_, options_.timeout)),
      subject_(jobids_.size() == 1 ? "job " + jobids_.front()
                                   : std::to_string(jobids_.size()) + " jobs"),
      initial_interval_(std::max(options_.initial_interval, milliseconds(1))),
      max_interval_(std::max(options_.max_interval, initial_interval_)),
      multiplier_(std::max(options_.multiplier, 1.0)),
      jitter_(std::clamp(options_.jitter, 0.0, 1.0)),
      schedules_(jobids_.size(), Schedule{initial_interval_}),
      random_(time_.randomSeed()),
      learned_spacing_(usesLearnedSpacing(options_)),
      learned_(jobids_.size(), context_->durations, time_),
      last_(jobids_.size()),
      statuses_(jobids_.size()),
      final_(jobids_.size(), false),
      remaining_(jobids_.size()) {
  for (std::size_t i = 0; i < jobids_.size(); ++i) last_[i].jobid = jobids_[i];
  for (const auto& jobid : jobids_) webhook_plans_.push_back(webhookPlan(jobid));
}

Job JobWait::recordOf(std::size_t index, Job job, const std::string& endpoint) {
  const std::string& jobid = jobids_[index];
  if (job.jobid.empty()) job.jobid = jobid;
  if (job.jobid != jobid) {
    throw UnreadableRecord(endpoint + " answered with the record of another job, " + job.jobid +
                           ", instead of job " + jobid + "'s: it is not taken as " + jobid +
                           "'s result");
  }
  learned_.onRecord(index, job);
  return job;
}

bool JobWait::isTransient(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const ApiError& api) {
    // A 3xx too is permanent: the API never redirects, and a poll sent elsewhere never gets there.
    if (isPermanentStatus(api.status()) || isRedirect(api.status())) return false;
    std::lock_guard<std::mutex> lock(mutex_);
    last_error_ = api.what();
    return true;
  } catch (const UnreadableRecord&) {
    return false;
  } catch (const TransportError& transport) {  // unreachable, reset, cut short
    std::lock_guard<std::mutex> lock(mutex_);
    last_error_ = transport.what();
    return true;
  } catch (...) {  // another Error, std::bad_alloc, a test double's own exception
    return false;
  }
}

std::optional<Clock::time_point> JobWait::nextPoll(std::size_t index, bool grow) {
  if (grow && hasWebhook(index)) return safetyNetPoll(index);
  if (learned_spacing_) {
    const auto when =
        saturatingAdd(time_.now(), learned_.nextPause(index, initial_interval_, jitter_, random_));
    if (deadline_ && when >= *deadline_) return std::nullopt;
    return when;
  }
  Schedule& schedule = schedules_[index];
  std::uniform_real_distribution<double> spread(1.0 - jitter_, 1.0 + jitter_);
  const auto pause = jitter_ > 0 ? scaled(schedule.interval, spread(random_)) : schedule.interval;
  if (grow) schedule.interval = std::min(max_interval_, scaled(schedule.interval, multiplier_));
  const auto when = saturatingAdd(time_.now(), pause);
  if (deadline_ && when >= *deadline_) return std::nullopt;
  return when;
}

std::optional<JobWait::WebhookPlan> JobWait::webhookPlan(const std::string& jobid) const {
  if (!context_ || !context_->events || !context_->durations) return std::nullopt;
  const auto registration = context_->events->registration(jobid);
  if (!registration) return std::nullopt;
  const DurationEstimate estimate = context_->durations->estimate(registration->kind);
  const auto first = saturatingAdd(registration->returned, estimate.expected + 2 * estimate.spread);
  return WebhookPlan{first, std::max<milliseconds>(std::chrono::minutes(1), estimate.expected / 2)};
}

std::optional<Clock::time_point> JobWait::firstPoll(std::size_t index) const {
  auto when = time_.now();
  if (hasWebhook(index)) when = std::max(when, webhook_plans_[index]->first);
  if (deadline_ && when >= *deadline_) return std::nullopt;
  return when;
}

std::optional<Clock::time_point> JobWait::safetyNetPoll(std::size_t index) const {
  const auto when = saturatingAdd(time_.now(), webhook_plans_[index]->every);
  if (deadline_ && when >= *deadline_) return std::nullopt;
  return when;
}

std::string JobWait::lastError() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_error_;
}

bool JobWait::onRecord(std::size_t index, const Job& job) {
  last_[index] = job;
  const bool changed = statuses_[index] != job.status_text;
  statuses_[index] = job.status_text;
  const bool now_final = job.isFinal() && !final_[index];
  if (now_final) {
    final_[index] = true;
    --remaining_;
    if (on_settled_) on_settled_(jobids_[index], &job);
  }
  if (changed && options_.on_update) options_.on_update(job);
  return now_final;
}

std::vector<std::string> JobWait::unfinished() const {
  std::vector<std::string> open;
  for (std::size_t i = 0; i < jobids_.size(); ++i) {
    if (!final_[i]) open.push_back(jobids_[i]);
  }
  return open;
}

std::exception_ptr JobWait::ended(std::exception_ptr error) const {
  try {
    std::rethrow_exception(error);
  } catch (Error& named) {
    attachJobIds(named, unfinished());
  } catch (...) {
  }
  return error;
}

std::exception_ptr JobWait::pollFailure(std::size_t index, std::exception_ptr error) {
  if (on_settled_ && isGone(error)) on_settled_(jobids_[index], nullptr);
  try {
    std::rethrow_exception(error);
  } catch (const UnreadableRecord& unreadable) {  // the caller sees the TransportError it is
    error = std::make_exception_ptr(TransportError(unreadable.what()));
  } catch (...) {
  }
  return ended(std::move(error));
}

std::exception_ptr JobWait::cancelled() const {
  return ended(std::make_exception_ptr(CancelledError("wait for " + subject_ + " was cancelled")));
}

std::exception_ptr JobWait::timedOut() const {
  std::string running;
  std::size_t listed = 0;
  std::optional<std::size_t> first_running;
  for (std::size_t i = 0; i < last_.size(); ++i) {
    if (final_[i]) continue;
    if (!first_running) first_running = i;
    if (listed++ == 3) {
      running += ", ...";
      break;
    }
    if (!running.empty()) running += ", ";
    running +=
        last_[i].jobid + " (" +
        (last_[i].status_text.empty() ? std::string("no answer yet") : last_[i].status_text) + ")";
  }
  const auto waited = std::chrono::duration_cast<milliseconds>(time_.now() - started_);
  std::string message = "waiting for " + subject_ + " timed out after " +
                        std::to_string(waited.count()) + " ms; still running: " + running;
  const std::string transient = lastError();
  if (!transient.empty()) message += "; last error: " + transient;
  const Job& last = first_running ? last_[*first_running] : last_.front();
  return ended(std::make_exception_ptr(TimeoutError(message, last)));
}

}  // namespace useapi::luma::detail
