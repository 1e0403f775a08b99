#pragma once
/// \file
/// An embedded HTTP server that receives webhook callbacks for a Client: target
/// useapi::luma_webhook (a library of its own, so that only programs using it need cpp-httplib).

#include <memory>
#include <string>

#include "useapi/luma/client.hpp"

namespace useapi::luma {

/// Where a WebhookReceiver listens and what URL it advertises.
struct WebhookReceiverOptions {
  std::string host = "127.0.0.1";  ///< The interface to listen on ("0.0.0.0": every one).
  int port = 0;                    ///< 0: any free port.
  /// Where the API can reach it (e.g. behind a tunnel or proxy); empty: http://host:port.
  std::string public_url;
};

/// Listens for the callbacks the API POSTs to the replyUrl of the client's jobs and hands each to
/// Client::deliverWebhook, answering with its status (200, 404 for an unknown path, 400 for a
/// malformed body). The constructor makes the client send url() (plus a secret per call) as
/// replyUrl. The client must outlive the receiver.
class WebhookReceiver {
 public:
  /// Listening when it returns; calls client.setWebhookUrl(url()). Throws Error when it cannot
  /// listen (the port is taken, the host is not an address of this machine).
  explicit WebhookReceiver(Client& client, WebhookReceiverOptions options = {});
  /// Stops listening (a callback being answered finishes first). The client keeps sending its
  /// URL: jobs it creates later are caught by their waits' safety-net polls.
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  /// The URL the client advertises: options.public_url, else http://host:port.
  std::string url() const;
  /// The port it listens on.
  int port() const;

 private:
  class Server;
  std::unique_ptr<Server> server_;
};

}  // namespace useapi::luma
