// PNG synthesis for the Luma mock: paints a small seeded landscape (sky, sun,
// hills, a few shapes) and encodes it as an 8-bit RGB PNG. The zlib stream uses
// stored (uncompressed) deflate blocks, so only the standard library is needed.
#include "mock/media_synthesis.hpp"
#include "mock/seeded_random.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <vector>

namespace useapi::luma::mock {
namespace {

constexpr int kMaxImageDimension = 4096;
constexpr std::size_t kMaxStoredBlock = 65535;
constexpr double kPi = 3.14159265358979323846;

// Linear interpolation between two colours (t = 0 gives `a`, t = 1 gives `b`).
Rgb mix(const Rgb& a, const Rgb& b, double t) {
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

// An RGB raster with alpha-blended drawing primitives.
class Canvas {
 public:
  Canvas(int width, int height)
      : width_(width), height_(height), pixels_(static_cast<std::size_t>(width) * height) {}

  int width() const { return width_; }
  int height() const { return height_; }
  const Rgb& at(int x, int y) const { return pixels_[index(x, y)]; }

  // Blends `colour` over the pixel at (x, y) with the given opacity; off-canvas is ignored.
  void blend(int x, int y, const Rgb& colour, double alpha) {
    if (x < 0 || y < 0 || x >= width_ || y >= height_ || alpha <= 0.0) return;
    Rgb& pixel = pixels_[index(x, y)];
    pixel = mix(pixel, colour, std::min(alpha, 1.0));
  }

  // Fills a circle with an anti-aliased one-pixel edge.
  void fillDisc(double cx, double cy, double radius, const Rgb& colour, double alpha) {
    const int x0 = static_cast<int>(std::floor(cx - radius - 1));
    const int x1 = static_cast<int>(std::ceil(cx + radius + 1));
    const int y0 = static_cast<int>(std::floor(cy - radius - 1));
    const int y1 = static_cast<int>(std::ceil(cy + radius + 1));
    for (int y = std::max(y0, 0); y <= std::min(y1, height_ - 1); ++y) {
      for (int x = std::max(x0, 0); x <= std::min(x1, width_ - 1); ++x) {
        const double distance = std::hypot(x + 0.5 - cx, y + 0.5 - cy);
        const double coverage = std::clamp(radius + 0.5 - distance, 0.0, 1.0);
        blend(x, y, colour, coverage * alpha);
      }
    }
  }

  // Fills the axis-aligned rectangle [x0, x1) x [y0, y1).
  void fillRect(int x0, int y0, int x1, int y1, const Rgb& colour) {
    for (int y = std::max(y0, 0); y < std::min(y1, height_); ++y) {
      for (int x = std::max(x0, 0); x < std::min(x1, width_); ++x) blend(x, y, colour, 1.0);
    }
  }

 private:
  std::size_t index(int x, int y) const { return static_cast<std::size_t>(y) * width_ + x; }

  int width_;
  int height_;
  std::vector<Rgb> pixels_;
};

// Vertical gradient from a deep zenith colour to a pale horizon colour.
void paintSky(Canvas& canvas, SeededRandom& random) {
  const Rgb zenith = random.colour(10, 110);
  const Rgb horizon = random.colour(150, 250);
  const double span = std::max(canvas.height() - 1, 1);
  for (int y = 0; y < canvas.height(); ++y) {
    const Rgb row = mix(zenith, horizon, y / span);
    for (int x = 0; x < canvas.width(); ++x) canvas.blend(x, y, row, 1.0);
  }
}

// A warm sun with a faint halo somewhere in the upper part of the sky.
void paintSun(Canvas& canvas, SeededRandom& random) {
  const double size = std::min(canvas.width(), canvas.height());
  const double radius = std::max(size * random.between(0.08, 0.16), 1.0);
  const double cx = canvas.width() * random.between(0.15, 0.85);
  const double cy = canvas.height() * random.between(0.12, 0.4);
  const Rgb core{random.between(235, 255), random.between(170, 230), random.between(40, 110)};
  canvas.fillDisc(cx, cy, radius * 1.8, core, 0.25);
  canvas.fillDisc(cx, cy, radius, core, 1.0);
}

// A band of sine-shaped hills whose crest sits around `baseline` (fraction of height).
void paintHills(Canvas& canvas, SeededRandom& random, double baseline, const Rgb& colour) {
  const double amplitude = canvas.height() * random.between(0.03, 0.08);
  const double wavelength = canvas.width() * random.between(0.3, 0.7);
  const double phase = random.between(0, 2 * kPi);
  for (int x = 0; x < canvas.width(); ++x) {
    const double crest =
        canvas.height() * baseline + amplitude * std::sin(2 * kPi * x / wavelength + phase);
    for (int y = std::max(static_cast<int>(crest), 0); y < canvas.height(); ++y) {
      const double depth = (y - crest) / canvas.height();
      canvas.blend(x, y, mix(colour, Rgb{0, 0, 0}, std::clamp(depth, 0.0, 0.5)), 1.0);
    }
  }
}

// A little house: a coloured block with a darker roof drawn as stacked rows.
void paintHouse(Canvas& canvas, SeededRandom& random) {
  const int w = std::max(static_cast<int>(canvas.width() * random.between(0.06, 0.12)), 2);
  const int h = std::max(static_cast<int>(w * random.between(0.6, 1.0)), 2);
  const int x = static_cast<int>(canvas.width() * random.between(0.05, 0.9));
  const int ground = static_cast<int>(canvas.height() * random.between(0.8, 0.92));
  const Rgb wall = random.colour(120, 250);
  canvas.fillRect(x, ground - h, x + w, ground, wall);
  const Rgb roof = mix(random.colour(60, 200), Rgb{0, 0, 0}, 0.3);
  const int roofHeight = std::max(w / 2, 1);
  for (int row = 0; row < roofHeight; ++row) {
    const int inset = (roofHeight - row) * w / (2 * roofHeight);
    canvas.fillRect(x - 1 + inset, ground - h - roofHeight + row, x + w + 1 - inset,
                    ground - h - roofHeight + row + 1, roof);
  }
}

// A round tree or balloon: a bright disc floating somewhere in the picture.
void paintBall(Canvas& canvas, SeededRandom& random) {
  const double size = std::min(canvas.width(), canvas.height());
  const double radius = std::max(size * random.between(0.03, 0.08), 1.0);
  canvas.fillDisc(canvas.width() * random.between(0.05, 0.95),
                  canvas.height() * random.between(0.2, 0.85), radius, random.colour(40, 250), 0.9);
}

// The whole scene: sky, sun, two hill bands and a handful of seeded shapes.
Canvas paintScene(int width, int height, std::uint32_t seed) {
  SeededRandom random(seed);
  Canvas canvas(width, height);
  paintSky(canvas, random);
  paintSun(canvas, random);
  paintHills(canvas, random, random.between(0.55, 0.65), random.colour(60, 160));
  paintHills(canvas, random, random.between(0.72, 0.8),
             Rgb{random.between(20, 90), random.between(100, 180), random.between(20, 80)});
  const int shapes = 3 + static_cast<int>(random.next() % 4);
  for (int i = 0; i < shapes; ++i) {
    if (i % 2 == 0) {
      paintHouse(canvas, random);
    } else {
      paintBall(canvas, random);
    }
  }
  return canvas;
}

// Appends `value` as four big-endian bytes.
void appendU32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

// CRC-32 (ISO 3309 / ITU-T V.42, reflected polynomial 0xEDB88320) as PNG requires.
std::uint32_t crc32(const std::string& bytes) {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> entries{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      entries[n] = c;
    }
    return entries;
  }();
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const char ch : bytes) {
    crc = table[(crc ^ static_cast<unsigned char>(ch)) & 0xFFu] ^ (crc >> 8);
  }
  return crc ^ 0xFFFFFFFFu;
}

// Adler-32 checksum of the uncompressed data, as trailed by a zlib stream.
std::uint32_t adler32(const std::string& bytes) {
  constexpr std::uint32_t kModulus = 65521;
  std::uint32_t a = 1;
  std::uint32_t b = 0;
  for (const char ch : bytes) {
    a = (a + static_cast<unsigned char>(ch)) % kModulus;
    b = (b + a) % kModulus;
  }
  return (b << 16) | a;
}

// One PNG chunk: length, type, data and the CRC over type + data.
std::string chunk(const char* type, const std::string& data) {
  std::string typed(type, 4);
  typed += data;
  std::string out;
  appendU32(out, static_cast<std::uint32_t>(data.size()));
  out += typed;
  appendU32(out, crc32(typed));
  return out;
}

// IHDR payload: size, bit depth 8, colour type 2 (RGB), deflate, no filter method, no interlace.
std::string headerData(int width, int height) {
  std::string data;
  appendU32(data, static_cast<std::uint32_t>(width));
  appendU32(data, static_cast<std::uint32_t>(height));
  data += std::string{'\x08', '\x02', '\x00', '\x00', '\x00'};
  return data;
}

// Converts a channel value to a byte, rounding and clamping to 0..255.
char toByte(double value) {
  return static_cast<char>(static_cast<unsigned char>(std::clamp(std::lround(value), 0L, 255L)));
}

// The raw image data: each row is filter type 0 (None) followed by RGB triples.
std::string scanlines(const Canvas& canvas) {
  std::string raw;
  raw.reserve(static_cast<std::size_t>(canvas.height()) *
              (1 + 3 * static_cast<std::size_t>(canvas.width())));
  for (int y = 0; y < canvas.height(); ++y) {
    raw.push_back('\0');
    for (int x = 0; x < canvas.width(); ++x) {
      const Rgb& pixel = canvas.at(x, y);
      raw.push_back(toByte(pixel.r));
      raw.push_back(toByte(pixel.g));
      raw.push_back(toByte(pixel.b));
    }
  }
  return raw;
}

// A zlib stream holding `raw` in stored deflate blocks of at most 65535 bytes.
std::string zlibStored(const std::string& raw) {
  std::string out{'\x78', '\x01'};  // deflate, 32K window; (0x78 * 256 + 0x01) % 31 == 0
  std::size_t offset = 0;
  do {
    const std::size_t length = std::min(kMaxStoredBlock, raw.size() - offset);
    const bool last = offset + length == raw.size();
    const auto len = static_cast<std::uint16_t>(length);
    const auto nlen = static_cast<std::uint16_t>(~len);
    out.push_back(last ? '\x01' : '\x00');  // BFINAL bit, BTYPE 00, padded to a byte
    out.push_back(static_cast<char>(len & 0xFF));
    out.push_back(static_cast<char>(len >> 8));
    out.push_back(static_cast<char>(nlen & 0xFF));
    out.push_back(static_cast<char>(nlen >> 8));
    out.append(raw, offset, length);
    offset += length;
  } while (offset < raw.size());
  appendU32(out, adler32(raw));
  return out;
}

// Rejects non-positive or absurdly large dimensions.
void validateSize(int width, int height) {
  if (width <= 0 || height <= 0) {
    throw std::invalid_argument("makePng: width and height must be positive");
  }
  if (width > kMaxImageDimension || height > kMaxImageDimension) {
    throw std::invalid_argument("makePng: width and height must be at most 4096");
  }
}

}  // namespace

std::string makePng(int width, int height, std::uint32_t seed) {
  validateSize(width, height);
  const Canvas canvas = paintScene(width, height, seed);
  std::string png("\x89PNG\r\n\x1a\n", 8);
  png += chunk("IHDR", headerData(width, height));
  png += chunk("IDAT", zlibStored(scanlines(canvas)));
  png += chunk("IEND", std::string());
  return png;
}

}  // namespace useapi::luma::mock
