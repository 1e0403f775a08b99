#pragma once
// How long a job is expected to take: priors by kind from the API's docs, refined by the
// durations this client has seen. Waits use it to know when to look (learned polling) and when a
// lost webhook callback should be suspected (the safety net).

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "useapi/luma/job.hpp"

namespace useapi::luma::detail {

/// What a job's duration depends on: its type and the request's model, resolution, duration and
/// dynamic range (each as the wire spells it; empty when the record does not say).
struct JobKind {
  JobType type = JobType::Unknown;
  std::string model;
  std::string resolution;
  std::string duration;
  std::string dynamic_range;

  /// One line naming the kind, e.g. "video ray-v3 1080p 5s sdr"; the key of learned durations.
  std::string key() const;
};

/// The kind of the job `record` is a record of, from its type and the `request` object of its
/// raw JSON (a GET /jobs/{jobid} answer or a callback). A record without one gives a kind with
/// the type alone.
JobKind kindOf(const Job& record);

/// What is expected of a kind: the most likely duration and how far either side of it a job
/// commonly ends.
struct DurationEstimate {
  std::chrono::milliseconds expected{0};
  std::chrono::milliseconds spread{0};
};

/// The durations expected per kind. Thread-safe: one per client, shared by all its waits.
class DurationEstimator {
 public:
  /// The estimate for `kind`: learned from observe() once it has seen jobs of that kind, else
  /// the prior from the docs (images and draft videos 30-60 s, 1080p videos about 3 min, the
  /// other videos between).
  DurationEstimate estimate(const JobKind& kind) const;
  /// Tells it that a job of `kind` took `took` from creation to its final status.
  void observe(const JobKind& kind, std::chrono::milliseconds took);

  /// The prior for `kind`, whatever was observed.
  static DurationEstimate prior(const JobKind& kind);

 private:
  struct Learned {
    double mean_ms = 0;
    double variance_ms2 = 0;
    int count = 0;
  };
  mutable std::mutex mutex_;  // guards learned_
  std::unordered_map<std::string, Learned> learned_;
};

}  // namespace useapi::luma::detail
