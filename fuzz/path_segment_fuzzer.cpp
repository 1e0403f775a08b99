// encodePathSegment on arbitrary bytes: the result must be a single RFC 3986 path segment (pchar
// and %XX only, never "." or "..") that percent-decodes back to the input exactly.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "transport/path_segment.hpp"
#include "useapi/luma/errors.hpp"

namespace {

// pchar without pct-encoded: unreserved / sub-delims / ":" / "@" (RFC 3986, section 3.3).
bool isLiteralPchar(char c) {
  constexpr std::string_view kSymbols = "-._~!$&'()*+,;=:@";
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         kSymbols.find(c) != std::string_view::npos;
}

std::optional<int> hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return std::nullopt;
}

// The bytes `segment` stands for; aborts when it holds anything but pchar and complete %XX.
std::string decodeSegment(std::string_view segment) {
  using useapi::luma::fuzz::check;
  std::string decoded;
  for (std::size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] != '%') {
      check(isLiteralPchar(segment[i]), "encoded segment holds only pchar and %XX");
      decoded += segment[i];
      continue;
    }
    check(i + 2 < segment.size(), "a '%' is followed by two hex digits");
    const auto high = hexValue(segment[i + 1]);
    const auto low = hexValue(segment[i + 2]);
    check(high.has_value() && low.has_value(), "a '%' is followed by two hex digits");
    decoded += static_cast<char>(*high * 16 + *low);
    i += 2;
  }
  return decoded;
}

}  // namespace

// The entry point libFuzzer calls, named by libFuzzer.
// NOLINTNEXTLINE(readability-identifier-naming)
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using useapi::luma::fuzz::check;
  const std::string_view value(reinterpret_cast<const char*>(data), size);
  std::string encoded;
  try {
    encoded = useapi::luma::detail::encodePathSegment(value, "jobid");
  } catch (const useapi::luma::ValidationError&) {
    check(value.empty(), "only an empty value is refused");
    return 0;
  }
  check(!value.empty(), "an empty value is refused");
  check(encoded != "." && encoded != "..", "a dot segment never goes out bare");
  check(decodeSegment(encoded) == value, "the segment decodes back to the input");
  return 0;
}
