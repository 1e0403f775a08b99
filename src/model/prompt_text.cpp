#include "model/prompt_text.hpp"

#include <cstdint>

namespace useapi::luma::detail {
namespace {

// Length of the sequence a lead byte starts, or 0 for a byte that cannot start one.
std::size_t sequenceLength(unsigned char lead) noexcept {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;  // continuation byte, overlong 2-byte lead (C0, C1) or past U+10FFFF (F5..FF)
}

bool isContinuation(unsigned char byte) noexcept { return (byte & 0xC0) == 0x80; }

// The second byte's range depends on the lead: it rules out overlongs, surrogates and > U+10FFFF.
bool secondByteAllowed(unsigned char lead, unsigned char second) noexcept {
  switch (lead) {
    case 0xE0:
      return second >= 0xA0 && second <= 0xBF;
    case 0xED:
      return second >= 0x80 && second <= 0x9F;
    case 0xF0:
      return second >= 0x90 && second <= 0xBF;
    case 0xF4:
      return second >= 0x80 && second <= 0x8F;
    default:
      return isContinuation(second);
  }
}

}  // namespace

std::optional<std::size_t> firstInvalidUtf8(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = sequenceLength(lead);
    if (length == 0 || i + length > text.size()) return i;
    if (length > 1 && !secondByteAllowed(lead, static_cast<unsigned char>(text[i + 1]))) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if (!isContinuation(static_cast<unsigned char>(text[i + k]))) return i;
    }
    i += length;
  }
  return std::nullopt;
}

std::size_t utf16Length(std::string_view text) noexcept {
  std::size_t units = 0;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (isContinuation(byte)) continue;
    units += byte >= 0xF0 ? 2 : 1;  // 4-byte sequences are outside the BMP: a surrogate pair
  }
  return units;
}

}  // namespace useapi::luma::detail
