#pragma once
// Ctrl-C without a signal handler: SIGINT is blocked in every thread and a watcher thread takes
// it with sigwait, then cancels the waits through a CancelToken (cancel() locks a mutex, which a
// signal handler must not do).

#include <atomic>
#include <optional>
#include <thread>
#include <useapi/luma.hpp>

namespace useapi::luma::cli {

/// Watches for SIGINT while it lives. Construct it before any other thread starts (the signal
/// mask is inherited). A first SIGINT cancels `token`; a second one ends the process with 130,
/// or, when `second` is given, cancels it (and a third ends the process).
class InterruptWatcher {
 public:
  explicit InterruptWatcher(CancelToken token, std::optional<CancelToken> second = std::nullopt);
  /// Stops and joins the watcher thread.
  ~InterruptWatcher();
  InterruptWatcher(const InterruptWatcher&) = delete;
  InterruptWatcher& operator=(const InterruptWatcher&) = delete;

  /// True once SIGINT was received.
  bool interrupted() const noexcept { return interrupted_.load(); }

 private:
  void watch();

  CancelToken token_;
  std::optional<CancelToken> second_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> interrupted_{false};
  std::thread thread_;
};

}  // namespace useapi::luma::cli
