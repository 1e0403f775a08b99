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
/// or a post wakes it.
class IoLoop {
 public:
  /// What the loop calls on its thread.
  struct Handlers {
    /// A transfer of the multi ended with `code`.
    std::function<void(CURL*, CURLcode)> finished;
    /// The loop is ending (stop()): the last call on its thread.
    std::function<void()> ending;
  };

  /// A loop whose multi keeps at most `max_connections` connections per host. Throws
  /// TransportError when libcurl cannot create it.
  IoLoop(std::shared_ptr<TimeSource> time, int max_connections);
  /// Stops the thread if it runs.
  ~IoLoop();
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

 private:
  void run();
  void collectFinished();
  int millisecondsToWait();

  std::shared_ptr<TimeSource> time_;
  MultiHandle multi_;
  Handlers handlers_;
  TimerQueue timers_;  // loop thread only
  std::mutex mutex_;   // guards posted_ and stopping_
  std::deque<std::function<void()>> posted_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace useapi::luma::detail
