#pragma once
// A Connection that implements only getJob(): each job answers from a script of its own, and
// every call is written down with the time it was made on a (simulated) clock.

#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "time/time_source.hpp"
#include "useapi/luma/connection.hpp"
#include "useapi/luma/errors.hpp"
#include "useapi/luma/values.hpp"

namespace useapi::luma::testing {

/// One answer of a script: a record with this status, or this exception.
struct Answer {
  std::string status;
  std::exception_ptr error;
};

/// A record of `status`, or an answer that throws `error`.
inline Answer status(std::string text) { return {std::move(text), nullptr}; }
template <class Exception>
Answer failure(Exception error) {
  return {"", std::make_exception_ptr(std::move(error))};
}

/// A job's record as getJob() returns it.
inline Job jobRecord(const std::string& jobid, const std::string& status_text) {
  Job job;
  job.jobid = jobid;
  job.type = JobType::Video;
  job.status_text = status_text;
  job.status = fromString<JobStatus>(status_text).value_or(JobStatus::Unknown);
  if (job.status == JobStatus::Failed) job.error = "the mock's job failed";
  return job;
}

class ScriptedConnection : public Connection {
 public:
  /// A getJob() call: which job, and when on the clock.
  struct Call {
    std::string jobid;
    detail::Clock::time_point at;
  };

  explicit ScriptedConnection(detail::TimeSource& time) : time_(time) {}

  /// The answers of `jobid`'s polls in turn; the last one repeats.
  void script(const std::string& jobid, std::vector<Answer> answers) {
    std::lock_guard<std::mutex> lock(mutex_);
    scripts_[jobid] = std::move(answers);
  }
  /// Runs before each answer with the number of the call (1 for the first).
  void onCall(std::function<void(std::size_t)> hook) { hook_ = std::move(hook); }

  Job getJob(const std::string& jobid) override {
    std::size_t number = 0;
    Answer answer;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      calls_.push_back({jobid, time_.now()});
      number = calls_.size();
      auto& script = scripts_.at(jobid);
      std::size_t& next = positions_[jobid];
      answer = script.at(std::min(next, script.size() - 1));
      ++next;
    }
    if (hook_) hook_(number);
    if (answer.error) std::rethrow_exception(answer.error);
    return jobRecord(jobid, answer.status);
  }

  std::vector<Call> calls() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }

 private:
  detail::TimeSource& time_;
  std::function<void(std::size_t)> hook_;
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<Answer>> scripts_;
  std::map<std::string, std::size_t> positions_;
  std::vector<Call> calls_;
};

}  // namespace useapi::luma::testing
