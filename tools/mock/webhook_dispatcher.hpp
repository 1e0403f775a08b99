#pragma once
// Webhook callbacks: JSON POSTed to a job's replyUrl at a due time, from one background thread.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace httplib {
class Client;
}  // namespace httplib

namespace useapi::luma::mock {

/// One callback the mock sent (or tried to send).
struct WebhookDelivery {
  std::string url;    ///< The replyUrl.
  std::string body;   ///< The JSON payload.
  int status = 0;     ///< The receiver's HTTP status; 0 when there was no answer.
  std::string error;  ///< Why there was no answer; empty when there was one.
};

/// Sends scheduled callbacks in due order from one thread, which sleeps until the earliest is due.
/// A failed delivery is recorded, never retried. Thread-safe.
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
  /// in the order they were scheduled).
  void schedule(Clock::time_point due, std::string url, Payload payload);
  /// Every delivery made so far, in order.
  std::vector<WebhookDelivery> deliveries() const;

 private:
  struct Pending {
    std::string url;
    Payload payload;
  };

  void run();
  WebhookDelivery deliver(const std::string& url, std::string body);

  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable wake_;
  std::map<std::pair<Clock::time_point, std::uint64_t>, Pending> pending_;
  std::uint64_t next_sequence_ = 0;
  bool stopping_ = false;
  httplib::Client* in_flight_ = nullptr;
  std::vector<WebhookDelivery> deliveries_;
  std::thread thread_;
};

}  // namespace useapi::luma::mock
