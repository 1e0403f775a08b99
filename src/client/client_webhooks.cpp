// Client: the webhook URL its generate* calls send, and the callbacks it is fed.

#include <exception>

#include "useapi/luma/client.hpp"
#include "useapi/luma/errors.hpp"
#include "useapi/luma/webhook.hpp"
#include "wait/wait_context.hpp"
#include "webhook/job_events.hpp"
#include "webhook/webhook_submission.hpp"

namespace useapi::luma {
namespace {

constexpr int kAccepted = 200;
constexpr int kMalformed = 400;
constexpr int kUnknownSecret = 404;

bool isHttpUrl(const std::string& url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

}  // namespace

void Client::setWebhookUrl(std::string url) {
  if (!url.empty() && !isHttpUrl(url)) {
    throw ValidationError({"webhook_url: \"" + url + "\" is not an http(s) URL"});
  }
  waits_->events->setUrl(std::move(url));
}

int Client::deliverWebhook(std::string_view path, std::string_view body) {
  try {
    detail::JobEvents& events = *waits_->events;
    const std::string secret = detail::secretOfPath(path);
    // The secret first: a stranger's POST costs no parsing and has no effect.
    if (secret.empty() || !events.knows(secret)) return kUnknownSecret;
    if (body.size() > kMaxWebhookBytes) return kMalformed;
    WebhookEvent event;
    try {
      event = parseWebhook(body);
    } catch (const Error&) {
      return kMalformed;
    }
    switch (events.deliver(secret, event)) {
      case detail::JobEvents::Outcome::Accepted:
        return kAccepted;
      case detail::JobEvents::Outcome::UnknownSecret:
        return kUnknownSecret;
      case detail::JobEvents::Outcome::NotItsJob:
        return kMalformed;
    }
    return kMalformed;
  } catch (const std::exception&) {  // std::bad_alloc: the sender may try again
    return 500;
  }
}

}  // namespace useapi::luma
