#pragma once
// A small loopback HTTP(S) server whose routes a test writes, recording every request it gets:
// for answers luma-mock does not give (a 206, a redirect to http, a body dripped until the
// client hangs up).

#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/loopback_listener.hpp"

namespace useapi::luma::testing {

/// A certificate and its key, as files (ScriptedServer over TLS).
struct TlsFiles {
  std::string certificate;
  std::string key;
};

/// Serves the routes `routes` registers on 127.0.0.1 (over TLS with `tls`), on a port of its
/// own (SO_REUSEPORT off, so no other server shares it), until destroyed.
class ScriptedServer {
 public:
  explicit ScriptedServer(const std::function<void(httplib::Server&)>& routes,
                          const TlsFiles* tls = nullptr)
      : server_(
            tls ? std::make_unique<httplib::SSLServer>(tls->certificate.c_str(), tls->key.c_str())
                : std::make_unique<httplib::Server>()) {
    server_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(req.method + " " + req.path);
      return httplib::Server::HandlerResponse::Unhandled;
    });
    routes(*server_);
    listener_ = std::make_unique<LoopbackListener>(*server_);
  }
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  /// "http://127.0.0.1:<port>" (https with TLS).
  std::string origin(const std::string& scheme = "http") const { return listener_->origin(scheme); }
  /// "METHOD /path" of every request received so far, in order.
  std::vector<std::string> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  std::unique_ptr<httplib::Server> server_;
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  std::unique_ptr<LoopbackListener> listener_;  // last: stopped before anything it serves goes
};

/// What a dripped answer saw of its client: how much went out, and whether a write failed
/// (the client closed the connection). Thread-safe.
class DripLog {
 public:
  void sent(std::size_t bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    sent_ += bytes;
  }
  void closedByClient() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
  }
  std::size_t bytesSent() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return sent_;
  }
  /// Waits up to `limit` for a write to fail; true when one did.
  bool waitForClose(std::chrono::milliseconds limit) const {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (closed_) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::lock_guard<std::mutex> lock(mutex_);
    return closed_;
  }

 private:
  mutable std::mutex mutex_;
  std::size_t sent_ = 0;
  bool closed_ = false;
};

/// Answers `res` with a body of `total` bytes ('x') sent `chunk` bytes at a time, `pause` apart
/// after a first silence of `stall` (Content-Length says `total` from the start), logging to
/// `log` what went out and whether the client hung up.
inline void dripAnswer(httplib::Response& res, std::size_t total, std::size_t chunk,
                       std::chrono::milliseconds pause, std::chrono::milliseconds stall,
                       const std::shared_ptr<DripLog>& log) {
  res.set_content_provider(total, "application/octet-stream",
                           [=](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                             if (offset == 0) std::this_thread::sleep_for(stall);
                             const std::string bytes(std::min(chunk, total - offset), 'x');
                             if (!sink.write(bytes.data(), bytes.size())) {
                               log->closedByClient();
                               return false;
                             }
                             log->sent(bytes.size());
                             std::this_thread::sleep_for(pause);
                             return true;
                           });
}

}  // namespace useapi::luma::testing
