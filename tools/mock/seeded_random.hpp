#pragma once
// The deterministic randomness the generated media are drawn with.

#include <cstdint>

namespace useapi::luma::mock {

/// A colour with channels in [0, 1].
struct Rgb {
  double r;
  double g;
  double b;
};

/// A deterministic xorshift32 generator. The seed is scrambled first (mixed with `stream`, so
/// that pictures and videos of one seed differ) and neighbouring seeds give unrelated results.
class SeededRandom {
 public:
  explicit SeededRandom(std::uint32_t seed, std::uint32_t stream = 0x9E3779B9u)
      : state_(scramble(seed + stream)) {}

  /// The next raw 32-bit value.
  std::uint32_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
  }

  /// A uniform value in [low, high).
  double between(double low, double high) { return low + (high - low) * (next() / 4294967296.0); }

  /// A colour whose channels all lie in [low, high).
  Rgb colour(double low, double high) {
    return {between(low, high), between(low, high), between(low, high)};
  }

 private:
  static std::uint32_t scramble(std::uint32_t x) {
    x ^= x >> 16;
    x *= 0x85EBCA6Bu;
    x ^= x >> 13;
    x *= 0xC2B2AE35u;
    x ^= x >> 16;
    return x != 0 ? x : 0x6D2B79F5u;
  }

  std::uint32_t state_;
};

}  // namespace useapi::luma::mock
