#pragma once
// The I/O thread: posted tasks, timers on the transport's clock, and a libcurl multi handle
// driven between them.

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "time/time_source.hpp"
#include "transport/curl_handles.hpp"
#include "transport/timer_queue.hpp"

namespace useapi::luma::detail {

/// One thread that runs posted tasks, then due timers, then the multi handle's transfers, and
/// sleeps in curl_multi_poll until a socket, a timer (on `time`, checked at least once a second)
/// or a post wakes it. It is a SleepingThread of `time` while it runs: idle when it sleeps with
/// no transfer in the multi, until its next timer.
class IoLoop final : public SleepingThread {
 public:
  /// What the loop calls on its thread.
  struct Handlers {
    /// A transfer of the multi ended with `code`.
    std::function<void(CURL*, CURLcode)> finished;
    /// The loop is ending (stop()): the last call on its thread.
    std::function<void()> ending;
    /// Whether a transfer is in the multi (the loop is not idle then, whatever its timers).
    std::function<bool()> transferring;
  };

  /// A loop whose multi keeps at most `max_connections` connections per host. Throws
  /// TransportError when libcurl cannot create it.
  IoLoop(std::shared_ptr<TimeSource> time, int max_connections);
  /// Stops the thread if it runs.
  ~IoLoop() override;
  IoLoop(const IoLoop&) = delete;
  IoLoop& operator=(const IoLoop&) = delete;

  /// Starts the thread, which calls `handlers`.
  void start(Handlers handlers);
  /// Ends the thread after its current turn (Handlers::ending runs last) and joins it; any
  /// thread but the loop's.
  void stop();

  /// Runs `task` on the loop's thread soon; any thread.
  void post(std::function<void()> task);
  /// Runs `task` on the loop's thread at `when`; loop thread only.
  TimerId schedule(Clock::time_point when, std::function<void()> task);
  /// Drops a timer that has not run; loop thread only.
  void cancelTimer(TimerId id);
  /// Every timer; loop thread only.
  TimerQueue& timers() { return timers_; }

  /// The multi handle whose transfers the loop drives; loop thread only.
  CURLM* multi() const { return multi_.get(); }
  /// Whether the calling thread is the loop's.
  bool onLoopThread() const;

  // SleepingThread, for a clock that moves only when the loop is idle.
  std::optional<Clock::time_point> idleUntil() override;
  void wake() override;

 private:
  void run();
  void collectFinished();
  int millisecondsToWait(bool transferring);

  std::shared_ptr<TimeSource> time_;
  MultiHandle multi_;
  Handlers handlers_;
  TimerQueue timers_;  // loop thread only
  std::mutex mutex_;   // guards posted_, stopping_ and the idle state
  std::deque<std::function<void()>> posted_;
  bool stopping_ = false;
  bool idle_ = false;  // asleep with no transfer and nothing posted, until idle_until_
  Clock::time_point idle_until_ = Clock::time_point::max();
  std::thread thread_;
};

}  // namespace useapi::luma::detail
