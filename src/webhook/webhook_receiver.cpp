// WebhookReceiver: cpp-httplib on a thread of its own, every POST handed to
// Client::deliverWebhook.

#include "useapi/luma/webhook_receiver.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "useapi/luma/errors.hpp"
#include "useapi/luma/webhook.hpp"

namespace useapi::luma {
namespace {

// A longer body is refused before it is read (413): parseWebhook would refuse it anyway.
constexpr std::size_t kMaxPayloadBytes = kMaxWebhookBytes;
constexpr int kTimeoutSeconds = 10;

// The host of the default URL: a wildcard address becomes this machine's loopback one.
std::string hostForUrl(const std::string& host) {
  if (host == "0.0.0.0") return "127.0.0.1";
  if (host == "::") return "[::1]";
  if (host.find(':') != std::string::npos) return "[" + host + "]";
  return host;
}

}  // namespace

class WebhookReceiver::Server {
 public:
  Server(Client& client, WebhookReceiverOptions options)
      : client_(client), options_(std::move(options)) {
    server_.set_tcp_nodelay(true);
    // SO_REUSEADDR (a restart may bind while old connections linger) but never cpp-httplib's
    // default SO_REUSEPORT, with which a second receiver could share the port.
    server_.set_socket_options([](socket_t sock) {
      int yes = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server_.set_payload_max_length(kMaxPayloadBytes);
    server_.set_read_timeout(kTimeoutSeconds, 0);
    server_.set_write_timeout(kTimeoutSeconds, 0);
    server_.Post(R"(/.*)", [this](const httplib::Request& request, httplib::Response& response) {
      response.status = client_.deliverWebhook(request.path, request.body);
      response.set_content(response.status == 200 ? "{\"ok\":true}" : "{\"ok\":false}",
                           "application/json");
    });
    port_ = options_.port == 0
                ? server_.bind_to_any_port(options_.host)
                : (server_.bind_to_port(options_.host, options_.port) ? options_.port : -1);
    if (port_ <= 0) {
      throw Error("WebhookReceiver cannot listen on " + options_.host + ":" +
                  std::to_string(options_.port));
    }
    thread_ = std::thread([this] {
      server_.listen_after_bind();
      ended_ = true;
    });
    // stop() before the accept loop runs would be lost (and the join would hang).
    while (!server_.is_running() && !ended_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    url_ = options_.public_url.empty()
               ? "http://" + hostForUrl(options_.host) + ":" + std::to_string(port_)
               : options_.public_url;
    while (!url_.empty() && url_.back() == '/') url_.pop_back();
  }

  ~Server() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  const std::string& url() const { return url_; }
  int port() const { return port_; }

 private:
  Client& client_;
  const WebhookReceiverOptions options_;
  httplib::Server server_;
  int port_ = 0;
  std::string url_;
  std::atomic<bool> ended_{false};
  std::thread thread_;
};

WebhookReceiver::WebhookReceiver(Client& client, WebhookReceiverOptions options)
    : server_(std::make_unique<Server>(client, std::move(options))) {
  client.setWebhookUrl(server_->url());
}

WebhookReceiver::~WebhookReceiver() = default;

std::string WebhookReceiver::url() const { return server_->url(); }

int WebhookReceiver::port() const { return server_->port(); }

}  // namespace useapi::luma
