#pragma once
// What the wait tests poll: a job id, and PollOptions without jitter, so that every instant is
// known in advance.

#include <chrono>
#include <string>

#include "useapi/luma/options.hpp"

namespace useapi::luma::testing {

/// A video job's id.
inline const std::string kJob = "j1v-u1-email:a@b.c:bot:luma";

/// Pauses of `initial`, growing by `multiplier` up to `max`, exactly (no jitter).
inline PollOptions noJitter(std::chrono::milliseconds initial, double multiplier,
                            std::chrono::milliseconds max) {
  PollOptions options;
  options.initial_interval = initial;
  options.multiplier = multiplier;
  options.max_interval = max;
  options.jitter = 0;
  return options;
}

}  // namespace useapi::luma::testing
