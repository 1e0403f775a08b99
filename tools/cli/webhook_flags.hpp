#pragma once
// --webhook-listen HOST:PORT and --webhook-url URL of image, video and batch: an embedded
// WebhookReceiver whose callbacks end the command's waits.

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <useapi/luma.hpp>
#include <useapi/luma/batch.hpp>
#include <useapi/luma/webhook_receiver.hpp>
#include <vector>

namespace useapi::luma::cli {

/// The webhook flags of one command.
struct WebhookFlags {
  std::string listen;  ///< --webhook-listen HOST:PORT; empty: no receiver.
  std::string url;     ///< --webhook-url URL: where the API reaches the receiver.
};

/// Adds --webhook-listen and --webhook-url (which needs --webhook-listen) to `command`.
void addWebhookOptions(CLI::App& command, WebhookFlags& flags);

/// Starts a receiver for `client` when --webhook-listen was given (null otherwise); the client's
/// jobs created while it lives call it back. Throws ValidationError for a HOST:PORT that is not
/// one, Error when it cannot listen.
std::unique_ptr<WebhookReceiver> startWebhookReceiver(Client& client, const WebhookFlags& flags);

/// runBatch(client_options, items, options), its Client fed by a receiver when `flags` ask for
/// one (runBatch makes a Client of its own, which the receiver must reach).
BatchReport runBatchWithWebhook(const WebhookFlags& flags, const ClientOptions& client_options,
                                const std::vector<BatchItem>& items, const BatchOptions& options);

}  // namespace useapi::luma::cli
