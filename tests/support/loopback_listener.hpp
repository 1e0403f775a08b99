#pragma once
// Serves a test's own httplib::Server on an ephemeral 127.0.0.1 port, on a thread of its own,
// from the moment the constructor returns until the destructor has stopped it.
//
// Written here because every small test server needs the same three details right, and each
// copy got one wrong: TCP_NODELAY (else ~40 ms per answer), SO_REUSEADDR without httplib's
// default SO_REUSEPORT (else two servers can share a port), and waiting until the accept loop
// runs, because httplib's stop() before that is lost and the destructor's join then hangs.

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

namespace useapi::luma::testing {

/// Runs `server` (its routes already registered) on 127.0.0.1 until destroyed.
class LoopbackListener {
 public:
  /// Binds `server` to a free loopback port and returns once it accepts connections.
  explicit LoopbackListener(httplib::Server& server) : server_(server) {
    server_.set_tcp_nodelay(true);
    server_.set_socket_options([](socket_t sock) {
      int yes = 1;  // SO_REUSEADDR only: never SO_REUSEPORT
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("a loopback test server could not bind");
    thread_ = std::thread([this] {
      server_.listen_after_bind();
      ended_ = true;
    });
    while (!server_.is_running() && !ended_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  /// Stops the server and joins its thread.
  ~LoopbackListener() {
    server_.stop();
    thread_.join();
  }
  LoopbackListener(const LoopbackListener&) = delete;
  LoopbackListener& operator=(const LoopbackListener&) = delete;

  /// The port it listens on.
  int port() const { return port_; }
  /// "<scheme>://127.0.0.1:<port>".
  std::string origin(const std::string& scheme = "http") const {
    return scheme + "://127.0.0.1:" + std::to_string(port_);
  }

 private:
  httplib::Server& server_;
  int port_ = 0;
  std::atomic<bool> ended_{false};
  std::thread thread_;
};

}  // namespace useapi::luma::testing
