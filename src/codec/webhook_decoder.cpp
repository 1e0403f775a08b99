// parseWebhook: callbacks are untrusted input, parsed with a size cap and typed checks.

#include "codec/json_reader.hpp"
#include "codec/response_decoder.hpp"
#include "useapi/luma/errors.hpp"
#include "useapi/luma/webhook.hpp"

namespace useapi::luma {

namespace {
const std::string kWebhookSource = "webhook payload";
constexpr std::size_t kMaxBatchImages = 64;
}  // namespace

WebhookEvent parseWebhook(std::string_view body) {
  if (body.size() > kMaxWebhookBytes) {
    throw Error("webhook payload of " + std::to_string(body.size()) +
                " bytes is over the limit of " + std::to_string(kMaxWebhookBytes));
  }
  const nlohmann::json document = detail::parseObject(body, kWebhookSource);
  const detail::JsonReader top(document, kWebhookSource);
  WebhookEvent event;
  event.job = detail::jobFrom(top);
  event.job.raw = std::string(body);
  event.reply_ref = event.job.reply_ref;
  if (const nlohmann::json* images = top.array("images")) {
    if (images->size() > kMaxBatchImages) {
      throw Error("webhook payload lists " + std::to_string(images->size()) +
                  " images; a batch has at most " + std::to_string(kMaxBatchImages));
    }
    for (std::size_t i = 0; i < images->size(); ++i) {
      const detail::JsonReader entry =
          top.element("images[" + std::to_string(i) + "]", (*images)[i]);
      Job image = detail::jobFrom(entry);
      image.raw = (*images)[i].dump();
      if (image.type == JobType::Unknown) image.type = JobType::Image;
      event.images.push_back(std::move(image));
    }
  }
  if (event.job.jobid.empty()) throw Error("webhook payload has no jobid");
  return event;
}

}  // namespace useapi::luma
