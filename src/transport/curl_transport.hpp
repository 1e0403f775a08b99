#pragma once
// The Transport over libcurl's multi interface: one I/O thread, pooled connections.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "time/time_source.hpp"
#include "transport/transport.hpp"
#include "useapi/luma/options.hpp"

namespace useapi::luma::detail {

class CallerThreadCalls;
class CurlOptions;
class IoLoop;
class MultiExchanges;
class RetrySchedule;
class TransportLog;

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
  /// The clock of timers, pauses between attempts, deadlines and pacing, and the seed of the
  /// pauses' jitter.
  std::shared_ptr<TimeSource> time = systemTime();
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
  /// Writes `line` to the log of the exchanges (TransportSettings::logger), its secrets
  /// redacted, as the transport's own lines are; any thread.
  void log(LogLevel level, const std::string& line) const;

 private:
  HttpOutcome sendThroughLoop(HttpRequest request);

  // In the order they depend on one another: each is destroyed before what it uses.
  std::atomic<bool> closing_{false};  // shutdown() was called
  bool rate_limited_ = false;         // a rate budget is set: every call goes through the line
  std::unique_ptr<TransportLog> log_;
  std::unique_ptr<CurlOptions> options_;
  std::unique_ptr<RetrySchedule> retry_;
  std::unique_ptr<IoLoop> loop_;
  std::unique_ptr<MultiExchanges> exchanges_;  // I/O thread only
  std::unique_ptr<CallerThreadCalls> caller_calls_;
};

}  // namespace useapi::luma::detail
