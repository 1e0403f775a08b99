// parseWebhook: callbacks are untrusted input, parsed with a size cap and typed checks.

#include "codec/job_record.hpp"
#include "codec/json_document.hpp"
#include "useapi/luma/errors.hpp"
#include "useapi/luma/webhook.hpp"

namespace useapi::luma {

namespace {
const std::string kWebhookSource = "webhook payload";
constexpr std::size_t kMaxBatchImages = 64;

// The `images` array of a batch callback into `images`.
void readImages(detail::JsonField& field, std::vector<Job>& images) {
  images.clear();  // a repeated `images` replaces the one before
  if (!field.isArray()) return;
  const std::size_t count = field.countElements();
  if (count > kMaxBatchImages) {
    throw Error("webhook payload lists " + std::to_string(count) + " images; a batch has at most " +
                std::to_string(kMaxBatchImages));
  }
  images.reserve(count);
  field.forEachElement([&](detail::JsonField& entry) {
    const char* start = entry.location();
    Job image;
    detail::readJobRecord(entry, image);
    image.raw = entry.rawTextSince(start);  // the entry's own text
    if (image.type == JobType::Unknown) image.type = JobType::Image;
    images.push_back(std::move(image));
  });
}

}  // namespace

WebhookEvent parseWebhook(std::string_view body) {
  if (body.size() > kMaxWebhookBytes) {
    throw Error("webhook payload of " + std::to_string(body.size()) +
                " bytes is over the limit of " + std::to_string(kMaxWebhookBytes));
  }
  return detail::withoutBadAlloc(kWebhookSource, body.size(), [&] {
    WebhookEvent event;
    // Read in place in the copy that becomes Job::raw.
    std::string raw = detail::paddedCopy(body);
    const bool changed =
        detail::readJsonObject(raw, true, kWebhookSource, [&](detail::JsonField& top) {
          detail::readJobRecord(top, event.job,
                                [&](std::string_view key, detail::JsonField& field) {
                                  if (key != "images") return false;
                                  readImages(field, event.images);
                                  return true;
                                });
        });
    detail::unpad(raw);
    if (changed) raw.assign(body);  // as received
    event.job.raw = std::move(raw);
    event.reply_ref = event.job.reply_ref;
    if (event.job.jobid.empty()) throw Error("webhook payload has no jobid");
    return event;
  });
}

}  // namespace useapi::luma
