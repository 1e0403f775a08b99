#pragma once
// The Transport over libcurl's multi interface: one I/O thread, pooled connections.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "transport/rate_limiter.hpp"
#include "transport/transport.hpp"
#include "useapi/luma/options.hpp"

namespace useapi::luma::detail {

/// What every transfer of one CurlTransport shares.
struct TransportSettings {
  std::chrono::milliseconds connect_timeout{10000};
  std::string user_agent;  ///< The whole User-Agent header value.
  /// "Name: value" lines of every API request (HttpRequest::api_headers): Authorization.
  std::vector<std::string> api_headers;
  std::string ca_bundle;    ///< Empty: the system store. Peer and host are always verified.
  int max_connections = 8;  ///< Per host.
  RetryPolicy retry;
  std::size_t max_body_bytes = std::size_t{16} << 20;  ///< Cap on answers kept in memory.
  std::function<void(LogLevel, std::string_view)> logger;
  /// A transfer without its own timeout (a download) that moves no byte for this long is cut.
  std::chrono::milliseconds stall_timeout{30000};
  double max_requests_per_second = 0;  ///< Every attempt of every request together; 0: no limit.
};

/// Runs every exchange and timer of a Client on one I/O thread driving a libcurl multi handle,
/// whose connection cache keeps connections alive across calls. Thread-safe as Transport says.
class CurlTransport final : public Transport {
 public:
  /// Starts the I/O thread. Throws TransportError when libcurl cannot be initialised.
  explicit CurlTransport(TransportSettings settings);
  /// Ends every running exchange with a Shutdown failure and joins the I/O thread.
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  void send(HttpRequest request, Completion done) override;
  /// One-shot calls without a sink run on the calling thread, on an easy handle of a pool of up
  /// to max_connections kept for callers (each keeps its connection alive): no thread switch.
  /// Downloads, calls made while that pool is busy, and every call when a rate budget is set
  /// go through the I/O thread, the caller waiting for them.
  HttpOutcome sendAndWait(HttpRequest request) override;
  void post(std::function<void()> task) override;
  void stop(const std::shared_ptr<StopSignal>& signal) override;
  /// Whether the calling thread is this transport's I/O thread, or inside its logger: where a
  /// call that waits for the I/O thread would never return.
  bool onCallbackThread() const;
  /// Any thread but the I/O thread: ends every exchange in flight with a Shutdown failure (calls
  /// on callers' threads too, within about a second even on a stalled server), retries none,
  /// and ends every later one at once. The I/O thread goes on running timers and posted tasks.
  void shutdown();
  TimerId schedule(Clock::time_point when, std::function<void()> task) override;
  void cancelTimer(TimerId id) override;

 private:
  struct Exchange;
  struct Transfer;

  void run();
  void runPostedTasks(std::deque<std::function<void()>>& tasks);
  void runDueTimers();
  int millisecondsToWait();
  void startAttempt(const std::shared_ptr<Exchange>& exchange);
  void startWaiting();
  void launchAttempt(const std::shared_ptr<Exchange>& exchange);
  /// Sets the options every request of this transport shares (after curl_easy_init or reset).
  void configureHandle(void* easy) const;
  /// A new curl_slist of the request's header lines (the caller frees it); null when out of
  /// memory.
  void* headerListOf(const HttpRequest& request) const;
  /// Sets the options of one request on a configured handle; null when out of memory.
  std::unique_ptr<Transfer> prepareTransfer(const std::shared_ptr<Exchange>& exchange,
                                            void* easy) const;
  HttpOutcome outcomeOf(Transfer& transfer, int code) const;
  /// Logs the attempt's end; returns when to try again, or nothing when `outcome` is final.
  std::optional<Clock::time_point> retryTime(const Exchange& exchange, const HttpOutcome& outcome,
                                             std::mt19937_64& random) const;
  HttpOutcome sendThroughLoop(HttpRequest request);
  // An easy handle for a call on its caller's thread, and the shape of the request it last
  // served (empty: none yet), which spares a curl_easy_reset when the next one is alike.
  struct CallerHandle {
    void* easy = nullptr;
    std::string shape;
  };
  std::optional<CallerHandle> acquireCallerHandle();
  void releaseCallerHandle(CallerHandle handle);
  void collectFinished();
  void finishTransfer(void* easy, int code);
  void complete(const std::shared_ptr<Exchange>& exchange, HttpOutcome outcome);
  /// I/O thread: ends the exchange carrying `signal`, wherever it is (stop()).
  void stopExchange(const std::shared_ptr<StopSignal>& signal);
  void abandonAll();
  /// Ends every exchange waiting or in the multi with a Shutdown failure; I/O thread.
  void abandonExchanges();
  void* acquireEasy();
  void log(LogLevel level, const std::string& line) const;

  TransportSettings settings_;
  std::string user_agent_header_;  // "User-Agent: " + settings_.user_agent
  // curl_slist* of api_headers and the User-Agent, built once: libcurl only reads a header list,
  // so every transfer of a plain API request (no header or body of its own) shares this one.
  void* api_header_list_ = nullptr;
  void* multi_ = nullptr;  // CURLM*, kept opaque so the header needs no curl.h
  std::vector<void*> idle_easy_;
  // Transfers in the multi at once; more wait in waiting_, so that ten thousand due polls cost
  // a small record each instead of an easy handle and a receive buffer each.
  std::size_t max_active_ = 32;
  // Attempts not started yet: waiting for a place in the multi or for the rate budget, in order.
  std::deque<std::shared_ptr<Exchange>> waiting_;  // I/O thread only
  // Exchanges with a StopSignal whose retry timer is set, so that stop() finds them between
  // attempts (a few downloads at most).
  std::deque<std::shared_ptr<Exchange>> stoppable_retries_;  // I/O thread only
  std::unordered_map<void*, std::unique_ptr<Transfer>> transfers_;
  std::map<std::pair<Clock::time_point, TimerId>, std::function<void()>> timers_;
  std::unordered_map<TimerId, Clock::time_point> timer_times_;
  TimerId next_timer_ = 1;
  std::mt19937_64 random_;
  std::optional<RateLimiter> rate_limiter_;  // I/O thread only
  bool pace_timer_armed_ = false;            // a timer will start waiting_ when the budget allows

  // Easy handles of calls run on their callers' threads (sendAndWait), apart from the multi.
  std::mutex caller_mutex_;  // guards what follows, and wakes callers pausing between attempts
  std::condition_variable caller_wake_;
  std::vector<CallerHandle> caller_idle_;
  std::size_t caller_handles_ = 0;  // in use or idle, at most max_connections

  mutable std::mutex log_mutex_;  // the logger is called from callers' threads too

  std::atomic<bool> closing_{false};  // shutdown() was called

  std::mutex mutex_;  // guards posted_ and stopping_
  std::deque<std::function<void()>> posted_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace useapi::luma::detail
