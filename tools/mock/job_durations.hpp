#pragma once
// How long each kind of job runs: a fixed duration, or one drawn per job from a range that
// depends on the job's type and resolution.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "mock/seeded_random.hpp"

namespace useapi::luma::mock {

/// How long jobs of one kind run: each job's duration is drawn uniformly from [min, max]
/// (whole milliseconds, seeded by MockOptions::seed); min == max is a fixed duration.
struct DurationRange {
  std::chrono::milliseconds min{0};  ///< Shortest; not negative.
  std::chrono::milliseconds max{0};  ///< Longest; not below min.
};

/// The duration of each new job: the range of its "TYPE:RESOLUTION", else of its "TYPE", else
/// the default duration. Draws from its own seeded generator. Not thread-safe (JobStore guards
/// it).
class JobDurations {
 public:
  /// `fallback` for kinds without a range; draws seeded by `seed`.
  JobDurations(std::chrono::milliseconds fallback, std::map<std::string, DurationRange> ranges,
               std::uint32_t seed)
      : fallback_(fallback), ranges_(std::move(ranges)), random_(seed, kStream) {}

  /// The duration of a new job of `type` ("image" or "video") at `resolution`. Draws only for a
  /// range wider than one millisecond, so fixed durations never consume the generator.
  std::chrono::milliseconds next(const std::string& type, const std::string& resolution) {
    auto it = ranges_.find(type + ":" + resolution);
    if (it == ranges_.end()) it = ranges_.find(type);
    if (it == ranges_.end()) return fallback_;
    const DurationRange& range = it->second;
    const auto low = range.min.count();
    const auto span = range.max.count() - low;
    if (span <= 0) return range.min;
    return std::chrono::milliseconds(
        low + static_cast<long long>(random_.next() % static_cast<std::uint64_t>(span + 1)));
  }

 private:
  static constexpr std::uint32_t kStream = 0x2545F491u;  // unlike the account choice's stream

  std::chrono::milliseconds fallback_;
  std::map<std::string, DurationRange> ranges_;
  SeededRandom random_;
};

}  // namespace useapi::luma::mock
