#include "transport/path_segment.hpp"

#include <array>

#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

// pchar = unreserved / pct-encoded / sub-delims / ":" / "@" (the '%' of pct-encoded is always
// encoded here, since the value is opaque text, not already-encoded text). One entry per byte.
constexpr std::array<bool, 256> pcharTable() {
  std::array<bool, 256> table{};
  for (std::size_t c = 'A'; c <= 'Z'; ++c) table[c] = true;
  for (std::size_t c = 'a'; c <= 'z'; ++c) table[c] = true;
  for (std::size_t c = '0'; c <= '9'; ++c) table[c] = true;
  // unreserved "-._~", sub-delims "!$&'()*+,;=", and ":@"
  for (const char c : std::string_view("-._~!$&'()*+,;=:@")) {
    table[static_cast<unsigned char>(c)] = true;
  }
  return table;
}
constexpr std::array<bool, 256> kIsPchar = pcharTable();

}  // namespace

void appendPathSegment(std::string& out, std::string_view value, std::string_view what) {
  if (value.empty()) {
    throw ValidationError({std::string(what) + ": is empty; give the id the API returned"});
  }
  if (value == ".") {
    out += "%2E";
    return;
  }
  if (value == "..") {
    out += "%2E%2E";
    return;
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::size_t kept = 0;  // value[kept, i) is copied as it is, in one append
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (kIsPchar[c]) continue;
    out.append(value, kept, i - kept);
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 0x0F];
    kept = i + 1;
  }
  out.append(value, kept, value.size() - kept);
}

std::string encodePathSegment(std::string_view value, std::string_view what) {
  std::string encoded;
  encoded.reserve(value.size());
  appendPathSegment(encoded, value, what);
  return encoded;
}

}  // namespace useapi::luma::detail
