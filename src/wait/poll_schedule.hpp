#pragma once
// When a learned wait polls a job: from how long jobs of its kind take (DurationEstimator) and
// how old the job is, the first poll at once, none while completion is unlikely, dense polls
// around the expected end, sparse ones well past it; and what each finished job teaches.

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "time/time_source.hpp"
#include "useapi/luma/job.hpp"
#include "useapi/luma/options.hpp"
#include "wait/duration_estimator.hpp"

namespace useapi::luma::detail {

/// True when `options` ask for the learned schedule: PollSpacing::Learned, or Automatic with
/// initial_interval, max_interval and multiplier all at their defaults.
bool usesLearnedSpacing(const PollOptions& options);

/// Where one job's polls go, in the waiting client's steady time: a window around the expected
/// end, polled every `dense`; before it, nothing; after it, pauses growing from `dense`.
struct PollWindow {
  Clock::time_point start;             ///< Before this, completion is unlikely.
  Clock::time_point end;               ///< After this, the job is late.
  std::chrono::milliseconds dense{0};  ///< The pause between polls inside the window.
};

/// The window for a job whose kind is expected to take `estimate`, `age` old at `now`: centred
/// on the expected end, as wide as the estimate's spread either side (at least 5% of the
/// expected duration), with as many polls in it as keep the average polls per job at or below
/// a 10-second loop's over the same duration (a job ending uniformly in the window sees half of
/// them), never closer than one second.
PollWindow windowFor(const DurationEstimate& estimate, std::chrono::milliseconds age,
                     Clock::time_point now);

/// How long a job took by the server's own clock: `updated` minus `created` of its final record,
/// when both parse; none otherwise.
std::optional<std::chrono::milliseconds> serverDuration(const Job& final_record);

/// The learned schedules of the jobs of one wait, on its polling side (one thread at a time).
class LearnedPolls {
 public:
  /// `jobs` schedules, learning into `durations`, on `time`'s clock.
  LearnedPolls(std::size_t jobs, std::shared_ptr<DurationEstimator> durations, TimeSource& time);

  /// Takes a record of job `index` from a poll: the first one fixes the job's window (from its
  /// kind and its age, estimated from `created`); a final one tells the estimator how long the
  /// job took (once per job).
  void onRecord(std::size_t index, const Job& record);
  /// The pause before job `index`'s next poll, from now, spread by ±`jitter` of at most the
  /// window's dense pause (so that jitter never moves the window itself). `fallback` before any
  /// record of the job arrived (its first poll failed).
  std::chrono::milliseconds nextPause(std::size_t index, std::chrono::milliseconds fallback,
                                      double jitter, std::mt19937_64& random);

 private:
  struct JobPlan {
    std::optional<PollWindow> window;   // from the first record
    Clock::time_point first_seen;       // when the first record arrived
    std::chrono::milliseconds age{0};   // the job's estimated age then
    std::chrono::milliseconds late{0};  // the last pause past the window
    JobKind kind;
    bool learned = false;  // its duration was given to the estimator
  };

  // The wall-clock instant of the steady instant `at`: the wall clock read once, moved on by
  // the wait's own (possibly simulated) clock.
  std::chrono::system_clock::time_point wallAt(Clock::time_point at) const;

  std::vector<JobPlan> plans_;
  const std::shared_ptr<DurationEstimator> durations_;
  TimeSource& time_;
  const std::chrono::system_clock::time_point wall_anchor_;
  const Clock::time_point steady_anchor_;
};

}  // namespace useapi::luma::detail
