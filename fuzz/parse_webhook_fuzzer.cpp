// parseWebhook on arbitrary bodies: callbacks are unsigned, untrusted input. An Error is the
// promised refusal; anything else escaping (or a sanitizer report) is a bug. Differential check
// against an independent reading with nlohmann/json (tests/support/reference_reading.hpp): the
// record and each image are read into exactly its fields, and refused exactly when it refuses.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "support/job_fields.hpp"
#include "support/reference_reading.hpp"
#include "useapi/luma/errors.hpp"
#include "useapi/luma/webhook.hpp"

namespace {

namespace reference = useapi::luma::testing::reference;
using useapi::luma::fuzz::check;
using useapi::luma::testing::jobFields;

void sameFields(const useapi::luma::Job& decoded, const useapi::luma::Job& expected) {
  if (jobFields(decoded) != jobFields(expected)) {
    std::fprintf(stderr, "decoder:   %s\nreference: %s\n", jobFields(decoded).c_str(),
                 jobFields(expected).c_str());
    check(false, "parseWebhook reads the fields the reference reads");
  }
}

}  // namespace

// The entry point libFuzzer calls, named by libFuzzer.
// NOLINTNEXTLINE(readability-identifier-naming)
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  std::optional<useapi::luma::WebhookEvent> event;
  try {
    event = useapi::luma::parseWebhook(body);
    // An accepted callback names its job and keeps the body it came from.
    check(!event->job.jobid.empty(), "an accepted webhook has a jobid");
    check(event->job.raw == body, "Job::raw of a webhook is the body itself");
  } catch (const useapi::luma::Error&) {
    // A typed refusal: not JSON, too deep, too big, or a field of the wrong type.
  }
  std::optional<reference::Parsed> parsed;
  std::optional<reference::Webhook> expected;
  try {
    parsed = reference::parse(body);
    if (!parsed->repeated_key) expected = reference::webhook(*parsed);
  } catch (const reference::Refused&) {
  }
  if (!parsed) check(!event, "parseWebhook accepts only what the reference reads as an object");
  if (!parsed || parsed->repeated_key) return 0;  // a repeated key: either reading may refuse
  check(event.has_value() == expected.has_value(),
        "parseWebhook refuses exactly what the reference refuses");
  if (!event) return 0;
  sameFields(event->job, expected->job);
  check(event->images.size() == expected->images.size(), "as many images as the reference");
  for (std::size_t i = 0; i < event->images.size(); ++i) {
    sameFields(event->images[i], expected->images[i]);
    if (!parsed->sanitized) {
      // Each image keeps its own text, which reads as the entry it came from.
      check(nlohmann::json::parse(event->images[i].raw, nullptr, false) ==
                expected->image_documents[i],
            "an image's raw is its entry's text");
    }
  }
  return 0;
}
