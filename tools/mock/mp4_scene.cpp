// The scene of the mock's MP4 clips: where the shapes are at each instant, the colour of every
// pixel, and its conversion to BT.601 limited-range YCbCr.
#include "mock/mp4_scene.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace useapi::luma::mock::mp4 {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Where the moving shapes are at one instant.
struct Motion {
  double ball_x;
  double ball_y;
  double ball_radius;
  double square_x;
  double square_y;
  double square_half;
};

// A colour in BT.601 limited-range YCbCr.
struct Ycc {
  double y;
  double cb;
  double cr;
};

// Shape positions at `phase` in [0, 1): the ball swings left-right while
// bouncing, the square drifts the opposite way.
Motion motionAt(int width, int height, double phase) {
  Motion motion{};
  motion.ball_radius = std::min(width, height) * 0.18;
  const double swing = 0.5 - 0.5 * std::cos(2 * kPi * phase);
  motion.ball_x = motion.ball_radius + (width - 2 * motion.ball_radius) * swing;
  motion.ball_y = height - motion.ball_radius - std::abs(std::sin(4 * kPi * phase)) * height * 0.45;
  motion.square_half = std::min(width, height) * 0.1;
  motion.square_x = width - motion.ball_x;
  motion.square_y = height * 0.3;
  return motion;
}

// Linear interpolation between two colours.
Rgb mix(const Rgb& a, const Rgb& b, double t) {
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

// The colour of the scene at pixel centre (x, y): gradient, then square, then ball on top.
Rgb sceneColour(const Style& style, const Motion& motion, int height, double x, double y) {
  Rgb colour = mix(style.top, style.bottom, y / height);
  if (std::abs(x - motion.square_x) < motion.square_half &&
      std::abs(y - motion.square_y) < motion.square_half) {
    colour = style.square;
  }
  const double distance = std::hypot(x - motion.ball_x, y - motion.ball_y);
  const double coverage = std::clamp(motion.ball_radius + 0.5 - distance, 0.0, 1.0);
  return mix(colour, style.ball, coverage);
}

// RGB (0..255) to BT.601 limited-range YCbCr.
Ycc toYcc(const Rgb& c) {
  return {16 + (65.481 * c.r + 128.553 * c.g + 24.966 * c.b) / 255,
          128 + (-37.797 * c.r - 74.203 * c.g + 112.0 * c.b) / 255,
          128 + (112.0 * c.r - 93.786 * c.g - 18.214 * c.b) / 255};
}

// Rounds to a sample kept within 1..254 (0 and 255 are avoided on purpose).
std::uint8_t toSample(double value) {
  return static_cast<std::uint8_t>(std::clamp(std::lround(value), 1L, 254L));
}

}  // namespace

Style styleFor(std::uint32_t seed) {
  SeededRandom random(seed, 0x7F4A7C15u);
  Style style{};
  style.top = random.colour(10, 120);
  style.bottom = random.colour(130, 240);
  style.ball = random.colour(150, 255);
  style.square = random.colour(0, 140);
  return style;
}

YuvFrame renderFrame(const Style& style, int width, int height, double phase) {
  const Motion motion = motionAt(width, height, phase);
  const std::size_t chromaSize = static_cast<std::size_t>(width / 2) * (height / 2);
  YuvFrame frame{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height),
                 std::vector<std::uint8_t>(chromaSize), std::vector<std::uint8_t>(chromaSize)};
  for (int cy = 0; cy < height / 2; ++cy) {
    for (int cx = 0; cx < width / 2; ++cx) {
      double cbSum = 0;
      double crSum = 0;
      for (int dy = 0; dy < 2; ++dy) {
        for (int dx = 0; dx < 2; ++dx) {
          const int x = 2 * cx + dx;
          const int y = 2 * cy + dy;
          const Ycc ycc = toYcc(sceneColour(style, motion, height, x + 0.5, y + 0.5));
          frame.luma[static_cast<std::size_t>(y) * width + x] = toSample(ycc.y);
          cbSum += ycc.cb;
          crSum += ycc.cr;
        }
      }
      const std::size_t index = static_cast<std::size_t>(cy) * (width / 2) + cx;
      frame.cb[index] = toSample(cbSum / 4);
      frame.cr[index] = toSample(crSum / 4);
    }
  }
  return frame;
}

}  // namespace useapi::luma::mock::mp4
