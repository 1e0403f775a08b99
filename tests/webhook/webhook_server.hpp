#pragma once
// An application's own web server for tests: every POST handed to Client::deliverWebhook, with
// the instant it arrived (the test's own clock) and the status it was answered with.

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "support/loopback_listener.hpp"
#include "useapi/luma/client.hpp"

namespace useapi::luma::testing {

/// Feeds the callbacks POSTed to url() + "/<secret>" to a Client (or any function answering as
/// Client::deliverWebhook does). The client must outlive it.
class DeliveringServer {
 public:
  /// One callback as it arrived.
  struct Delivery {
    std::string path;
    std::string body;
    int status = 0;
    std::chrono::steady_clock::time_point arrived;  ///< Before deliverWebhook was called.
  };

  /// Answers as Client::deliverWebhook does.
  using Deliver = std::function<int(const std::string& path, const std::string& body)>;

  explicit DeliveringServer(Client& client)
      : DeliveringServer([&client](const std::string& path, const std::string& body) {
          return client.deliverWebhook(path, body);
        }) {}

  explicit DeliveringServer(Deliver deliver) : deliver_(std::move(deliver)) {
    server_.Post(R"(/.*)", [this](const httplib::Request& request, httplib::Response& response) {
      const auto arrived = std::chrono::steady_clock::now();
      response.status = deliver_(request.path, request.body);
      std::lock_guard<std::mutex> lock(mutex_);
      deliveries_.push_back({request.path, request.body, response.status, arrived});
      changed_.notify_all();
    });
    listener_ = std::make_unique<LoopbackListener>(server_);
  }

  /// The webhook URL to give the client.
  std::string url() const { return listener_->origin() + "/hooks"; }

  /// Every callback so far.
  std::vector<Delivery> deliveries() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return deliveries_;
  }

  /// Waits (at most 10 s) until the `nth` (from 1) callback whose body contains `needle`
  /// arrived; returns it (a default Delivery, status 0, if none did).
  Delivery waitFor(const std::string& needle, std::size_t nth = 1) {
    std::unique_lock<std::mutex> lock(mutex_);
    Delivery found;
    changed_.wait_for(lock, std::chrono::seconds(10), [&] {
      std::size_t seen = 0;
      for (const auto& delivery : deliveries_) {
        if (delivery.body.find(needle) != std::string::npos && ++seen == nth) {
          found = delivery;
          return true;
        }
      }
      return false;
    });
    return found;
  }

 private:
  Deliver deliver_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Delivery> deliveries_;
  httplib::Server server_;
  std::unique_ptr<LoopbackListener> listener_;  // last: stopped before what it serves goes
};

}  // namespace useapi::luma::testing
