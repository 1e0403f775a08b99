#include "webhook_flags.hpp"

#include <cctype>

namespace useapi::luma::cli {
namespace {

// HOST:PORT ("[::1]:8080" for IPv6) as a receiver's options; throws ValidationError.
WebhookReceiverOptions listenOptions(const std::string& listen) {
  const auto colon = listen.rfind(':');
  const auto problem = [&](const std::string& why) {
    return ValidationError({"--webhook-listen: \"" + listen + "\" " + why});
  };
  if (colon == std::string::npos || colon == 0) throw problem("is not HOST:PORT");
  std::string host = listen.substr(0, colon);
  const std::string port = listen.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535) {
    throw problem("has no port between 0 and 65535");
  }
  WebhookReceiverOptions options;
  options.host = host;
  options.port = std::stoi(port);
  return options;
}

}  // namespace

void addWebhookOptions(CLI::App& command, WebhookFlags& flags) {
  CLI::Option* listen = command.add_option(
      "--webhook-listen", flags.listen,
      "Receive the jobs' callbacks on HOST:PORT (port 0: any free one): waits end when a job's "
      "callback arrives, polling only as a safety net");
  command
      .add_option("--webhook-url", flags.url,
                  "The URL the API reaches --webhook-listen at (a tunnel or proxy); default "
                  "http://HOST:PORT")
      ->needs(listen);
}

std::unique_ptr<WebhookReceiver> startWebhookReceiver(Client& client, const WebhookFlags& flags) {
  if (flags.listen.empty()) return nullptr;
  WebhookReceiverOptions options = listenOptions(flags.listen);
  options.public_url = flags.url;
  return std::make_unique<WebhookReceiver>(client, std::move(options));
}

BatchReport runBatchWithWebhook(const WebhookFlags& flags, const ClientOptions& client_options,
                                const std::vector<BatchItem>& items, const BatchOptions& options) {
  if (flags.listen.empty()) return runBatch(client_options, items, options);
  ClientOptions own = client_options;
  own.retry.retry_capacity = false;  // as runBatch(ClientOptions, ...) sets it
  Client client(std::move(own));
  const auto receiver = startWebhookReceiver(client, flags);
  return runBatch(client, items, options);
}

}  // namespace useapi::luma::cli
