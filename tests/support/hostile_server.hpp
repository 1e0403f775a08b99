#pragma once
// A small hostile HTTP server for tests: a loopback cpp-httplib server whose every answer is
// written by the test, on an ephemeral port, with SO_REUSEPORT off (so that no other server can
// share its port and take some of its connections).

#include <httplib.h>
#include <sys/socket.h>

#include <functional>
#include <string>
#include <thread>

#include "support/loopback_listener.hpp"

namespace useapi::luma::testing {

/// Answers every GET, POST and DELETE with `reply`; listens until destroyed.
class HostileServer {
 public:
  using Reply = std::function<void(const httplib::Request&, httplib::Response&)>;

  explicit HostileServer(Reply reply) : reply_(std::move(reply)) {
    // Enough threads for every request a test keeps waiting at once (the default is 8).
    server_.new_task_queue = [] { return new httplib::ThreadPool(32); };
    const auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      reply_(req, res);
    };
    server_.Get(".*", handler);
    server_.Post(".*", handler);
    server_.Delete(".*", handler);
    listener_ = std::make_unique<LoopbackListener>(server_);
  }
  HostileServer(const HostileServer&) = delete;
  HostileServer& operator=(const HostileServer&) = delete;

  /// "http://127.0.0.1:<port>".
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(listener_->port()); }

 private:
  Reply reply_;
  httplib::Server server_;
  std::unique_ptr<LoopbackListener> listener_;  // last: stopped before what it serves goes
};

}  // namespace useapi::luma::testing
