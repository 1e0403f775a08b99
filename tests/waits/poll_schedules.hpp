#pragma once
// What the wait tests poll: a job id, and PollOptions without jitter, so that every instant is
// known in advance.

#include <chrono>
#include <string>

#include "support/seed_ids.hpp"
#include "useapi/luma/options.hpp"

namespace useapi::luma::testing {

/// A video job's id: the seed page's own.
inline const std::string kJob = seed::kVideoJobId;

/// Pauses of `initial`, growing by `multiplier` up to `max`, exactly (no jitter), even when
/// they are the defaults' (PollSpacing::Intervals: never the learned schedule).
inline PollOptions noJitter(std::chrono::milliseconds initial, double multiplier,
                            std::chrono::milliseconds max) {
  PollOptions options;
  options.spacing = PollSpacing::Intervals;
  options.initial_interval = initial;
  options.multiplier = multiplier;
  options.max_interval = max;
  options.jitter = 0;
  return options;
}

}  // namespace useapi::luma::testing
