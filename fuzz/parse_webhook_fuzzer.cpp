// parseWebhook on arbitrary bodies: callbacks are unsigned, untrusted input. An Error is the
// promised refusal; anything else escaping (or a sanitizer report) is a bug.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "useapi/luma/errors.hpp"
#include "useapi/luma/webhook.hpp"

// The entry point libFuzzer calls, named by libFuzzer.
// NOLINTNEXTLINE(readability-identifier-naming)
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using useapi::luma::fuzz::check;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  try {
    const useapi::luma::WebhookEvent event = useapi::luma::parseWebhook(body);
    // An accepted callback names its job and keeps the body it came from.
    check(!event.job.jobid.empty(), "an accepted webhook has a jobid");
    check(event.job.raw == body, "Job::raw of a webhook is the body itself");
  } catch (const useapi::luma::Error&) {
    // A typed refusal: not JSON, too deep, too big, or a field of the wrong type.
  }
  return 0;
}
