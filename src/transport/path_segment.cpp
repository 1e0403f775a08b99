#include "transport/path_segment.hpp"

#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

// pchar = unreserved / pct-encoded / sub-delims / ":" / "@" (the '%' of pct-encoded is always
// encoded here, since the value is opaque text, not already-encoded text).
bool isPchar(unsigned char c) noexcept {
  constexpr std::string_view kUnreserved = "-._~";
  constexpr std::string_view kSubDelims = "!$&'()*+,;=";
  constexpr std::string_view kPathSymbols = ":@";
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  const char symbol = static_cast<char>(c);
  return c != 0 && (kUnreserved.find(symbol) != std::string_view::npos ||
                    kSubDelims.find(symbol) != std::string_view::npos ||
                    kPathSymbols.find(symbol) != std::string_view::npos);
}

}  // namespace

std::string encodePathSegment(std::string_view value, std::string_view what) {
  if (value.empty()) {
    throw ValidationError({std::string(what) + ": is empty; give the id the API returned"});
  }
  if (value == ".") return "%2E";
  if (value == "..") return "%2E%2E";
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(value.size());
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (isPchar(c)) {
      encoded += ch;
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 0x0F];
    }
  }
  return encoded;
}

}  // namespace useapi::luma::detail
