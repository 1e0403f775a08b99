#pragma once
// Tasks due at given times, in order, run by whoever owns the queue (the I/O loop) when the time
// of its clock has come.

#include <functional>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

#include "time/time_source.hpp"
#include "transport/transport.hpp"

namespace useapi::luma::detail {

/// Tasks to run at given times; ties run in the order they were scheduled. Not thread-safe.
class TimerQueue {
 public:
  /// Adds `task`, due at `when`.
  TimerId schedule(Clock::time_point when, std::function<void()> task);
  /// Drops the task `id` unless it has run.
  void cancel(TimerId id);
  /// Runs, in order, every task due at or before `now`, those they schedule included.
  void runDue(Clock::time_point now);
  /// When the first task is due; nothing when none is scheduled.
  std::optional<Clock::time_point> nextDue() const;
  /// Drops every task.
  void clear();

 private:
  std::map<std::pair<Clock::time_point, TimerId>, std::function<void()>> tasks_;
  std::unordered_map<TimerId, Clock::time_point> times_;
  TimerId next_id_ = 1;
};

}  // namespace useapi::luma::detail
