#pragma once
// A webhook receiver for tests: an HTTP server on a loopback port that records every callback
// POSTed to /hook. Shared by luma-mock's webhook tests and the Client's.

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/loopback_listener.hpp"

namespace useapi::luma::testing {

/// Records the callbacks POSTed to url(); answers each with 204.
class WebhookReceiver {
 public:
  /// One callback as it arrived.
  struct Callback {
    std::string content_type;  ///< Its Content-Type header.
    std::string body;          ///< Its body, as sent.
  };

  /// Listens on an ephemeral loopback port until destroyed.
  WebhookReceiver() {
    server_.Post("/hook", [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard<std::mutex> lock(mutex_);
      callbacks_.push_back({request.get_header_value("Content-Type"), request.body});
      arrived_.notify_all();
      response.status = 204;
    });
    listener_ = std::make_unique<LoopbackListener>(server_);
  }
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  /// Where to send callbacks (a replyUrl).
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(listener_->port()) + "/hook";
  }

  /// Waits until `count` callbacks arrived (at most 10 s) and returns all that did, in order.
  std::vector<Callback> waitFor(std::size_t count) {
    std::unique_lock<std::mutex> lock(mutex_);
    arrived_.wait_for(lock, std::chrono::seconds(10), [&] { return callbacks_.size() >= count; });
    return callbacks_;
  }

 private:
  httplib::Server server_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<Callback> callbacks_;
  std::unique_ptr<LoopbackListener> listener_;  // last: stopped before what it serves goes
};

}  // namespace useapi::luma::testing
