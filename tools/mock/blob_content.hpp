#pragma once
/// \file
/// What the mock's large blobs (GET /media/blob/<bytes>.bin) contain, so that a client can
/// verify every byte it received.

#include <cstdint>

namespace useapi::luma::mock {

/// The largest blob served: 8 GiB.
inline constexpr std::uint64_t kMaxBlobBytes = std::uint64_t{8} << 30;

/// Byte `i` of every blob.
inline unsigned char blobByte(std::uint64_t i) {
  return static_cast<unsigned char>((i * 131 + (i >> 20)) & 0xFF);
}

}  // namespace useapi::luma::mock
