#pragma once
// Deadline arithmetic that never overflows: spans as long as milliseconds::max() are "for ever",
// never a wrap into the past.

#include <chrono>
#include <cstdint>
#include <optional>

#include "transport/http_types.hpp"

namespace useapi::luma::detail {

/// `start` + `span`, held at Clock's last instant instead of overflowing; `start` for a span of
/// zero or less.
inline Clock::time_point saturatingAdd(Clock::time_point start, std::chrono::milliseconds span) {
  if (span.count() <= 0) return start;
  const auto room =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::time_point::max() - start);
  return span >= room ? Clock::time_point::max() : start + span;
}

/// `start` + `timeout`, or nothing (no deadline) when `timeout` is zero or negative or reaches
/// past what Clock can hold (PollOptions::timeout = milliseconds::max() means "no deadline").
inline std::optional<Clock::time_point> deadlineAfter(Clock::time_point start,
                                                      std::chrono::milliseconds timeout) {
  if (timeout.count() <= 0) return std::nullopt;
  const Clock::time_point deadline = saturatingAdd(start, timeout);
  if (deadline == Clock::time_point::max()) return std::nullopt;
  return deadline;
}

/// `milliseconds` of a non-negative count held as a double, held at milliseconds::max() where
/// the conversion would overflow (undefined behaviour, a negative pause on x86).
inline std::chrono::milliseconds saturatingMilliseconds(double count) {
  constexpr double kLongest = 9.2e18;  // just under 2^63: every double below converts
  if (!(count < kLongest)) return std::chrono::milliseconds::max();
  return std::chrono::milliseconds(static_cast<std::int64_t>(count < 0 ? 0 : count));
}

}  // namespace useapi::luma::detail
