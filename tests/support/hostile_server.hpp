#pragma once
// A small hostile HTTP server for tests: a loopback cpp-httplib server whose every answer is
// written by the test, on an ephemeral port, with SO_REUSEPORT off (so that no other server can
// share its port and take some of its connections).

#include <httplib.h>
#include <sys/socket.h>

#include <functional>
#include <string>
#include <thread>

namespace useapi::luma::testing {

/// Answers every GET, POST and DELETE with `reply`; listens until destroyed.
class HostileServer {
 public:
  using Reply = std::function<void(const httplib::Request&, httplib::Response&)>;

  explicit HostileServer(Reply reply) : reply_(std::move(reply)) {
    server_.set_tcp_nodelay(true);
    // Enough threads for every request a test keeps waiting at once (the default is 8).
    server_.new_task_queue = [] { return new httplib::ThreadPool(32); };
    server_.set_socket_options([](socket_t sock) {
      int yes = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    const auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      reply_(req, res);
    };
    server_.Get(".*", handler);
    server_.Post(".*", handler);
    server_.Delete(".*", handler);
    port_ = server_.bind_to_any_port("127.0.0.1");
    // Bound and listening already: connections queue until the accept loop runs.
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~HostileServer() {
    server_.stop();
    thread_.join();
  }
  HostileServer(const HostileServer&) = delete;
  HostileServer& operator=(const HostileServer&) = delete;

  /// "http://127.0.0.1:<port>".
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  Reply reply_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace useapi::luma::testing
