#pragma once
// Exchanges run by the I/O thread: admitted through the line, one transfer each in the multi,
// retried on a timer between attempts, stopped or abandoned wherever they are.

#include <cstddef>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "transport/admission_line.hpp"
#include "transport/curl_options.hpp"
#include "transport/exchange.hpp"
#include "transport/handle_pool.hpp"
#include "transport/io_loop.hpp"
#include "transport/rate_limiter.hpp"
#include "transport/transfer.hpp"

namespace useapi::luma::detail {

/// The exchanges of the I/O thread, wherever each is: waiting in line, in the multi, or pausing
/// before its next attempt. I/O thread only, but for construction.
class MultiExchanges {
 public:
  /// Exchanges on `loop`'s multi, at most `max_active` at once, paced by `limiter` when set;
  /// answers kept up to `max_body_bytes`. Every reference outlives this.
  MultiExchanges(IoLoop& loop, const CurlOptions& options, std::size_t max_active,
                 std::optional<RateLimiter> limiter, std::size_t max_body_bytes);
  MultiExchanges(const MultiExchanges&) = delete;
  MultiExchanges& operator=(const MultiExchanges&) = delete;
  ~MultiExchanges();

  /// Starts `exchange`: its first attempt joins the line.
  void start(const std::shared_ptr<Exchange>& exchange);
  /// A transfer of the multi ended with `code` (IoLoop::Handlers::finished).
  void finished(CURL* easy, CURLcode code);
  /// Ends the exchange carrying `signal` with a Stopped failure, wherever it is.
  void stop(const std::shared_ptr<StopSignal>& signal);
  /// Ends every exchange with a Shutdown failure.
  void abandon();
  /// Whether an attempt is in the multi.
  bool transferring() const { return !running_.empty(); }

 private:
  // An attempt in the multi: what it receives and its handle (freed first, while the
  // Transfer it points at lives).
  struct Running {
    std::shared_ptr<Exchange> exchange;
    std::unique_ptr<Transfer> transfer;
    ConfiguredHandle handle;
  };

  bool launch(const std::shared_ptr<Exchange>& exchange);
  /// After an attempt: schedules the next, or calls the exchange's completion.
  void afterAttempt(const std::shared_ptr<Exchange>& exchange, HttpOutcome outcome);
  void end(const std::shared_ptr<Exchange>& exchange);

  IoLoop& loop_;
  const CurlOptions& options_;
  std::size_t max_body_bytes_;
  HandlePool idle_handles_;
  AdmissionLine line_;
  std::unordered_map<CURL*, Running> running_;
  // Exchanges pausing between attempts, their retry timer set: stop() and abandon() find them
  // here, and a timer that finds its exchange gone does nothing.
  std::unordered_set<std::shared_ptr<Exchange>> pausing_;
};

}  // namespace useapi::luma::detail
