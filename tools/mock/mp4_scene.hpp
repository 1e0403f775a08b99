#pragma once
// The animation of the mock's MP4 clips: a seeded gradient with a bouncing ball and a drifting
// square, rendered as 4:2:0 YCbCr pictures for the H.264 writer.

#include <cstdint>
#include <vector>

#include "mock/seeded_random.hpp"

namespace useapi::luma::mock::mp4 {

/// The seeded look of a clip.
struct Style {
  Rgb top;
  Rgb bottom;
  Rgb ball;
  Rgb square;
};

/// One picture as 4:2:0 planes (chroma planes are half size in both directions).
struct YuvFrame {
  int width;
  int height;
  std::vector<std::uint8_t> luma;
  std::vector<std::uint8_t> cb;
  std::vector<std::uint8_t> cr;
};

/// Picks the background gradient and shape colours from the seed.
Style styleFor(std::uint32_t seed);

/// Renders the scene at `phase` in [0, 1) into 4:2:0 planes of width x height (even numbers);
/// samples stay within 1..254 and chroma is the mean of each 2x2 block.
YuvFrame renderFrame(const Style& style, int width, int height, double phase);

}  // namespace useapi::luma::mock::mp4
