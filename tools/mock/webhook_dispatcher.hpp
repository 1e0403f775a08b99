#pragma once
// Webhook callbacks: JSON POSTed to a job's replyUrl at a due time, from one background thread,
// retried when the receiver does not answer, and misdelivered on purpose by scripted faults.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace httplib {
class Client;
}  // namespace httplib

namespace useapi::luma::mock {

/// How often a callback that got no answer (or a 5xx) is tried again, and the pause before each
/// retry: Luma's own API retries a dead receiver 3 times, 100 ms apart.
inline constexpr int kCallbackRetries = 3;
inline constexpr std::chrono::milliseconds kCallbackRetryPause{100};

/// One callback the mock sent (or tried to send), with all its attempts.
struct WebhookDelivery {
  std::string url;    ///< The replyUrl.
  std::string body;   ///< The JSON payload.
  int status = 0;     ///< The receiver's HTTP status (of the last attempt); 0 when no answer.
  std::string error;  ///< Why there was no answer; empty when there was one.
  int attempts = 1;   ///< Tries made: 1, up to 1 + kCallbackRetries; 0 for a dropped callback.
  /// When each attempt started.
  std::vector<std::chrono::steady_clock::time_point> attempted_at;
  std::string fault;  ///< The callback fault that shaped it ("duplicate", ...); empty if none.
};

/// A scripted misdelivery of the next callbacks (luma-mock's callback faults).
struct CallbackFault {
  /// "delay": sent delay_ms late. "duplicate": sent twice, the copy delay_ms after.
  /// "reorder": the final record first, then a stale copy (status "processing") delay_ms after.
  /// "drop": never sent. "dead": the receiver is dead for the first dead_attempts attempts (the
  /// callback is retried kCallbackRetries times, kCallbackRetryPause apart; lost when all fail).
  std::string kind = "drop";
  int times = 1;                             ///< How many callbacks it affects.
  int delay_ms = 200;                        ///< See kind.
  int dead_attempts = 1 + kCallbackRetries;  ///< See kind "dead".
  bool final_only = true;  ///< Affects only callbacks of final records (else any callback).
};

/// Sends scheduled callbacks in due order from one thread, which sleeps until the earliest is due.
/// A delivery without an answer (or answered 5xx) is retried; callback faults misdeliver on
/// purpose. Thread-safe.
class WebhookDispatcher {
 public:
  using Clock = std::chrono::steady_clock;
  /// Builds a payload when it is due.
  using Payload = std::function<std::string()>;

  WebhookDispatcher() = default;
  /// Stops the thread.
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  /// Starts the delivery thread; does nothing when it runs.
  void start();
  /// Drops the callbacks not yet due, interrupts the one in flight, joins the thread.
  void stop();
  /// POSTs what `payload` builds to `url` once `due` has come (callbacks due at the same time go
  /// in the order they were scheduled). `final`: the payload is a job's final record.
  void schedule(Clock::time_point due, std::string url, Payload payload, bool final = false);
  /// Every delivery made so far, in order (each recorded once its last attempt ended).
  std::vector<WebhookDelivery> deliveries() const;
  /// Queues a callback fault; it affects the next `times` matching callbacks. Throws
  /// std::invalid_argument for an unknown kind or negative numbers.
  void queueFault(CallbackFault fault);

 private:
  struct Pending {
    std::string url;
    Payload payload;
    bool final = false;
    std::optional<std::string> body;  // built when first due
    bool faulted = false;             // a fault already shaped it
    int dead_left = 0;                // attempts still to fail ("dead")
    WebhookDelivery record;
  };

  void run();
  void enqueue(Clock::time_point due, Pending pending);      // under mutex_
  bool applyFault(Pending& pending, Clock::time_point now);  // under mutex_; true: sent later
  void attempt(std::unique_lock<std::mutex>& lock, Pending pending);  // released while sending
  WebhookDelivery deliver(const std::string& url, std::string body);

  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable wake_;
  std::map<std::pair<Clock::time_point, std::uint64_t>, Pending> pending_;
  std::uint64_t next_sequence_ = 0;
  bool stopping_ = false;
  httplib::Client* in_flight_ = nullptr;
  std::vector<WebhookDelivery> deliveries_;
  std::deque<CallbackFault> faults_;
  std::thread thread_;
};

/// `body` (a callback's JSON) as an earlier callback would have said it: status "processing"
/// and no response, for the record and each of its images.
std::string staleCopy(const std::string& body);

}  // namespace useapi::luma::mock
