#pragma once
// Failed polls of the jobs a wait is waiting for, seen through the Client's log lines
// (ClientOptions::logger), so that a status line can say "retrying: could not connect, 3rd try"
// instead of showing the last status seen while the API is unreachable. PollOptions::on_update
// sees records only; the library has no hook for a failed poll yet, and its log line per HTTP
// exchange ("GET /jobs/<id> -> <result> in <n> ms") is the only place the CLI can observe one.

#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <useapi/luma.hpp>
#include <vector>

namespace useapi::luma::cli {

/// "1st", "2nd", "3rd", "4th", ..., "11th", "21st".
std::string ordinal(int number);

/// Counts the consecutive failed polls of each watched job. Thread-safe.
class PollFailureWatch {
 public:
  /// Called with a job and "retrying: <reason>, <n>th try" after a failed poll, or with an
  /// empty note once a poll of it succeeds again. Runs on the thread that made the request.
  using Listener = std::function<void(const std::string& jobid, const std::string& note)>;

  /// The logger to put in ClientOptions; it must not outlive this watch.
  std::function<void(LogLevel, std::string_view)> logger();
  /// Reports the polls of `jobids` to `listener` until stop(); replaces what was watched.
  void watch(std::vector<std::string> jobids, Listener listener);
  /// Stops reporting.
  void stop();
  /// Takes one log line of the Client.
  void onLogLine(std::string_view line);

 private:
  std::mutex mutex_;
  std::vector<std::string> jobids_;
  std::vector<int> failures_;  // consecutive failed polls, per job of jobids_
  Listener listener_;
};

/// Watches while it lives.
class ScopedPollFailureWatch {
 public:
  ScopedPollFailureWatch(PollFailureWatch& watch, std::vector<std::string> jobids,
                         PollFailureWatch::Listener listener)
      : watch_(watch) {
    watch_.watch(std::move(jobids), std::move(listener));
  }
  ~ScopedPollFailureWatch() { watch_.stop(); }
  ScopedPollFailureWatch(const ScopedPollFailureWatch&) = delete;
  ScopedPollFailureWatch& operator=(const ScopedPollFailureWatch&) = delete;

 private:
  PollFailureWatch& watch_;
};

}  // namespace useapi::luma::cli
