// Feeds one input to every JSON answer decoder. A useapi::luma::Error (TransportError on a wrong
// shape) is the expected outcome for bad input; any other exception escapes the target and
// libFuzzer reports it as a crash, as it does for sanitizer reports. It also checks that the
// one-pass job record scanner reads exactly what the full decoder reads, whenever it reads at all.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "codec/job_record_scanner.hpp"
#include "codec/response_decoder.hpp"
#include "support/job_fields.hpp"
#include "useapi/luma/errors.hpp"

namespace {

const std::string kEndpoint = "GET /fuzz";

// Runs one decoder; only the library's own errors are allowed out of it.
template <class Decode>
void decodeExpectingOnlyLumaErrors(Decode&& decode) {
  try {
    decode();
  } catch (const useapi::luma::Error&) {
    // A typed refusal of bad input: what the decoders promise.
  }
}

// The scanner may decline any input; what it accepts, the full decoder must accept (an exception
// here escapes and is reported) and read into the same fields.
void scannerAgreesWithFullDecoder(std::string_view body) {
  namespace detail = useapi::luma::detail;
  const std::optional<useapi::luma::Job> scanned = detail::scanJobRecord(body);
  if (!scanned) return;
  const nlohmann::json document = detail::parseObject(body, kEndpoint);
  const useapi::luma::Job full = detail::jobFrom(detail::JsonReader(document, kEndpoint));
  const std::string scanned_fields = useapi::luma::testing::jobFields(*scanned);
  const std::string full_fields = useapi::luma::testing::jobFields(full);
  if (scanned_fields != full_fields) {
    std::fprintf(stderr, "scanner: %s\nfull decoder: %s\n", scanned_fields.c_str(),
                 full_fields.c_str());
    std::abort();
  }
}

}  // namespace

// The entry point libFuzzer calls, named by libFuzzer.
// NOLINTNEXTLINE(readability-identifier-naming)
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace detail = useapi::luma::detail;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  decodeExpectingOnlyLumaErrors([&] { detail::decodeJob(std::string(body), kEndpoint); });
  scannerAgreesWithFullDecoder(body);
  decodeExpectingOnlyLumaErrors([&] { detail::decodeImageBatch(body, kEndpoint); });
  decodeExpectingOnlyLumaErrors([&] { detail::decodeAccount(body, kEndpoint, "a@example.com"); });
  decodeExpectingOnlyLumaErrors([&] { detail::decodeAccountList(body, kEndpoint); });
  decodeExpectingOnlyLumaErrors([&] { detail::decodeAsset(body, kEndpoint); });
  decodeExpectingOnlyLumaErrors([&] { detail::decodeJobList(body, kEndpoint); });
  // errorMessageOf reads error answers and must never throw at all.
  static_cast<void>(detail::errorMessageOf(body));
  return 0;
}
