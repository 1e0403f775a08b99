#pragma once
// A Connection whose jobs run for a set time on a (simulated) clock: each getJob() answers with
// the record the API would give at that instant (its kind in `request`, `created`, and once it
// ended, status completed and `updated`), and every poll is counted. The learned-polling tests
// and the polling benchmark measure waits against it.

#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <mutex>
#include <string>

#include "time/time_source.hpp"
#include "useapi/luma/connection.hpp"
#include "useapi/luma/values.hpp"

namespace useapi::luma::testing {

/// What a job is and how long it runs.
struct TimedJob {
  std::string type = "image";  ///< "image" or "video".
  std::string model;
  std::string resolution;
  std::string duration;  ///< The video's length, e.g. "5s".
  std::string dynamic_range;
  std::chrono::milliseconds runs{45000};  ///< From creation to completed.
  std::chrono::milliseconds age{0};       ///< How long before create() it was created.
};

/// `time` as "2026-03-26T14:05:30.123Z".
inline std::string isoOf(std::chrono::system_clock::time_point time) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch());
  const std::time_t whole = static_cast<std::time_t>(ms.count() / 1000);
  std::tm parts{};
  gmtime_r(&whole, &parts);
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                static_cast<int>(ms.count() % 1000));
  return text;
}

class TimedJobs : public Connection {
 public:
  explicit TimedJobs(detail::TimeSource& time) : time_(time) {}

  /// A new job, created `job.age` ago (by the wall clock, read now, and by `time`).
  std::string create(const TimedJob& job) {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::string jobid = "timed-" + std::to_string(++count_);
    jobs_[jobid] = {job, time_.now() - job.age, std::chrono::system_clock::now() - job.age, 0};
    return jobid;
  }

  Job getJob(const std::string& jobid) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Running& job = jobs_.at(jobid);
    ++job.polls;
    const bool done = time_.now() >= job.started + job.spec.runs;
    Job record;
    record.jobid = jobid;
    record.type = job.spec.type == "video" ? JobType::Video : JobType::Image;
    record.status_text = done ? "completed" : "processing";
    record.status = done ? JobStatus::Completed : JobStatus::Processing;
    record.created = isoOf(job.created);
    if (done) record.updated = isoOf(job.created + job.spec.runs);
    record.raw = R"({"jobid":")" + jobid + R"(","type":")" + job.spec.type + R"(","status":")" +
                 record.status_text + R"(","created":")" + record.created + R"(","request":{)" +
                 R"("model":")" + job.spec.model + R"(","resolution":")" + job.spec.resolution +
                 R"(","duration":")" + job.spec.duration + R"(","dynamic_range":")" +
                 job.spec.dynamic_range + R"("}})";
    return record;
  }

  /// The instant job `jobid` completes, on `time`.
  detail::Clock::time_point endsAt(const std::string& jobid) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const Running& job = jobs_.at(jobid);
    return job.started + job.spec.runs;
  }
  /// How many times job `jobid` was polled.
  int polls(const std::string& jobid) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return jobs_.at(jobid).polls;
  }

 private:
  struct Running {
    TimedJob spec;
    detail::Clock::time_point started;
    std::chrono::system_clock::time_point created;
    int polls = 0;
  };
  detail::TimeSource& time_;
  mutable std::mutex mutex_;
  std::map<std::string, Running> jobs_;
  int count_ = 0;
};

}  // namespace useapi::luma::testing
