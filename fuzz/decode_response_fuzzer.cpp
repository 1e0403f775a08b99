// Feeds one input to every JSON answer decoder. A useapi::luma::Error (TransportError on a wrong
// shape) is the expected outcome for bad input; any other exception escapes the target and
// libFuzzer reports it as a crash, as it does for sanitizer reports. Differential checks against
// an independent reading with nlohmann/json (tests/support/reference_reading.hpp): a job record
// is decoded into exactly the fields that reading gives, and refused exactly when it refuses;
// every other decoder accepts only what it reads as a JSON object.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "codec/response_decoder.hpp"
#include "fuzz_check.hpp"
#include "support/job_fields.hpp"
#include "support/reference_reading.hpp"
#include "useapi/luma/errors.hpp"

namespace {

namespace reference = useapi::luma::testing::reference;
using useapi::luma::fuzz::check;

const std::string kEndpoint = "GET /fuzz";

// Runs one decoder; only the library's own errors are allowed out of it. True when it decoded.
template <class Decode>
bool decodeExpectingOnlyLumaErrors(Decode&& decode) {
  try {
    decode();
    return true;
  } catch (const useapi::luma::Error&) {
    return false;  // a typed refusal of bad input: what the decoders promise
  }
}

// decodeJob against the reference reading of the same text.
void jobAgreesWithReference(std::string_view body, const std::optional<reference::Parsed>& parsed) {
  std::optional<useapi::luma::Job> decoded;
  decodeExpectingOnlyLumaErrors(
      [&] { decoded = useapi::luma::detail::decodeJob(std::string(body), kEndpoint); });
  std::optional<useapi::luma::Job> expected;
  if (parsed && !parsed->repeated_key) {
    try {
      expected = reference::job(*parsed, parsed->document);
      if (expected->jobid.empty()) expected.reset();  // a record that names no job
    } catch (const reference::Refused&) {
    }
  }
  if (!parsed) check(!decoded, "decodeJob accepts only what the reference reads as an object");
  if (!parsed || parsed->repeated_key) return;  // a repeated key: either reading may refuse
  check(decoded.has_value() == expected.has_value(),
        "decodeJob refuses exactly what the reference refuses");
  if (!decoded) return;
  check(decoded->raw == body, "Job::raw is the body as received");
  const std::string decoded_fields = useapi::luma::testing::jobFields(*decoded);
  const std::string expected_fields = useapi::luma::testing::jobFields(*expected);
  if (decoded_fields != expected_fields) {
    std::fprintf(stderr, "decoder:   %s\nreference: %s\n", decoded_fields.c_str(),
                 expected_fields.c_str());
    check(false, "decodeJob reads the fields the reference reads");
  }
}

}  // namespace

// The entry point libFuzzer calls, named by libFuzzer.
// NOLINTNEXTLINE(readability-identifier-naming)
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace detail = useapi::luma::detail;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  std::optional<reference::Parsed> parsed;
  try {
    parsed = reference::parse(body);
  } catch (const reference::Refused&) {
  }
  jobAgreesWithReference(body, parsed);
  const bool object = parsed.has_value();
  const auto acceptsOnlyObjects = [&](bool decoded) {
    check(!decoded || object, "a decoder accepts only what the reference reads as an object");
  };
  acceptsOnlyObjects(
      decodeExpectingOnlyLumaErrors([&] { detail::decodeImageBatch(body, kEndpoint); }));
  acceptsOnlyObjects(decodeExpectingOnlyLumaErrors(
      [&] { detail::decodeAccount(body, kEndpoint, "a@example.com"); }));
  acceptsOnlyObjects(
      decodeExpectingOnlyLumaErrors([&] { detail::decodeAccountList(body, kEndpoint); }));
  acceptsOnlyObjects(decodeExpectingOnlyLumaErrors([&] { detail::decodeAsset(body, kEndpoint); }));
  acceptsOnlyObjects(
      decodeExpectingOnlyLumaErrors([&] { detail::decodeJobList(body, kEndpoint); }));
  // errorMessageOf reads error answers and must never throw at all.
  static_cast<void>(detail::errorMessageOf(body));
  return 0;
}
