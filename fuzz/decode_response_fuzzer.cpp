// Feeds one input to every JSON answer decoder. A useapi::luma::Error (TransportError on a wrong
// shape) is the expected outcome for bad input; any other exception escapes the target and
// libFuzzer reports it as a crash, as it does for sanitizer reports.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "codec/response_decoder.hpp"
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

}  // namespace

// The entry point libFuzzer calls, named by libFuzzer.
// NOLINTNEXTLINE(readability-identifier-naming)
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace detail = useapi::luma::detail;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  decodeExpectingOnlyLumaErrors([&] { detail::decodeJob(body, kEndpoint); });
  decodeExpectingOnlyLumaErrors([&] { detail::decodeImageBatch(body, kEndpoint); });
  decodeExpectingOnlyLumaErrors([&] { detail::decodeAccount(body, kEndpoint, "a@example.com"); });
  decodeExpectingOnlyLumaErrors([&] { detail::decodeAccountList(body, kEndpoint); });
  decodeExpectingOnlyLumaErrors([&] { detail::decodeAsset(body, kEndpoint); });
  decodeExpectingOnlyLumaErrors([&] { detail::decodeJobList(body, kEndpoint); });
  // errorMessageOf reads error answers and must never throw at all.
  static_cast<void>(detail::errorMessageOf(body));
  return 0;
}
