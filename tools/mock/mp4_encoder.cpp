// MP4 synthesis for the Luma mock: renders a short seeded animation and stores it
// as H.264 Baseline video inside an ISO BMFF (MP4) file. Every frame is an IDR
// picture whose macroblocks are all I_PCM (raw samples), so no real compression
// is needed and only the standard library is used.
#include "mock/media_synthesis.hpp"
#include "mock/seeded_random.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <vector>

namespace useapi::luma::mock {
namespace {

constexpr int kMacroblockSize = 16;
constexpr int kMaxDimension = 4096;
constexpr int kMaxMacroblocksPerFrame = 36864;  // MaxFS of level 5.2, the largest level we signal
constexpr int kMaxFrames = 10000;
constexpr int kMaxFps = 240;
constexpr std::size_t kPcmBytesPerMacroblock = 256 + 2 * 64;  // 16x16 luma + two 8x8 chroma blocks
constexpr std::size_t kMaxPayloadBytes = std::size_t{256} << 20;
constexpr std::uint32_t kMovieTimescale = 1000;  // mvhd/tkhd durations in milliseconds
constexpr std::uint32_t kTicksPerFrame = 1000;   // media timescale is fps * kTicksPerFrame
constexpr int kProfileBaseline = 66;
constexpr int kConstraintFlags = 0xC0;  // constraint_set0 + constraint_set1: Constrained Baseline
constexpr int kLog2MaxFrameNum = 4;
constexpr std::uint32_t kMbTypeIPcm = 25;
constexpr double kPi = 3.14159265358979323846;

// ------------------------------------------------------------------ scene

// The seeded look of the clip.
struct Style {
  Rgb top;
  Rgb bottom;
  Rgb ball;
  Rgb square;
};

// Where the moving shapes are at one instant.
struct Motion {
  double ballX;
  double ballY;
  double ballRadius;
  double squareX;
  double squareY;
  double squareHalf;
};

// A colour in BT.601 limited-range YCbCr.
struct Ycc {
  double y;
  double cb;
  double cr;
};

// One picture as 4:2:0 planes (chroma planes are half size in both directions).
struct YuvFrame {
  int width;
  int height;
  std::vector<std::uint8_t> luma;
  std::vector<std::uint8_t> cb;
  std::vector<std::uint8_t> cr;
};

// Picks the background gradient and shape colours from the seed.
Style styleFor(std::uint32_t seed) {
  SeededRandom random(seed, 0x7F4A7C15u);
  Style style{};
  style.top = random.colour(10, 120);
  style.bottom = random.colour(130, 240);
  style.ball = random.colour(150, 255);
  style.square = random.colour(0, 140);
  return style;
}

// Shape positions at `phase` in [0, 1): the ball swings left-right while
// bouncing, the square drifts the opposite way.
Motion motionAt(int width, int height, double phase) {
  Motion motion{};
  motion.ballRadius = std::min(width, height) * 0.18;
  const double swing = 0.5 - 0.5 * std::cos(2 * kPi * phase);
  motion.ballX = motion.ballRadius + (width - 2 * motion.ballRadius) * swing;
  motion.ballY = height - motion.ballRadius - std::abs(std::sin(4 * kPi * phase)) * height * 0.45;
  motion.squareHalf = std::min(width, height) * 0.1;
  motion.squareX = width - motion.ballX;
  motion.squareY = height * 0.3;
  return motion;
}

// Linear interpolation between two colours.
Rgb mix(const Rgb& a, const Rgb& b, double t) {
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

// The colour of the scene at pixel centre (x, y): gradient, then square, then ball on top.
Rgb sceneColour(const Style& style, const Motion& motion, int height, double x, double y) {
  Rgb colour = mix(style.top, style.bottom, y / height);
  if (std::abs(x - motion.squareX) < motion.squareHalf &&
      std::abs(y - motion.squareY) < motion.squareHalf) {
    colour = style.square;
  }
  const double distance = std::hypot(x - motion.ballX, y - motion.ballY);
  const double coverage = std::clamp(motion.ballRadius + 0.5 - distance, 0.0, 1.0);
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

// Renders the scene at `phase` into 4:2:0 planes; chroma is the mean of each 2x2 block.
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

// ------------------------------------------------------------------ H.264 bitstream

// Writes bits most-significant first into a raw byte sequence payload (RBSP).
class BitWriter {
 public:
  // Writes the low `count` bits of `value` (fixed-length u(n)).
  void putBits(std::uint32_t value, int count) {
    for (int i = count - 1; i >= 0; --i) putBit(((value >> i) & 1u) != 0);
  }

  void putBit(bool bit) {
    current_ = static_cast<std::uint8_t>((current_ << 1) | (bit ? 1 : 0));
    if (++used_ == 8) {
      bytes_.push_back(static_cast<char>(current_));
      current_ = 0;
      used_ = 0;
    }
  }

  // Unsigned Exp-Golomb ue(v): leading zeros, then value + 1 in binary.
  void putUe(std::uint32_t value) {
    const std::uint32_t code = value + 1;
    int length = 0;
    while ((code >> length) != 0) ++length;
    putBits(0, length - 1);
    putBits(code, length);
  }

  // Signed Exp-Golomb se(v): 1, -1, 2, -2, ... map to 1, 2, 3, 4, ...
  void putSe(std::int32_t value) {
    putUe(value > 0 ? static_cast<std::uint32_t>(2 * value - 1)
                    : static_cast<std::uint32_t>(-2 * value));
  }

  // Pads with zero bits up to the next byte boundary.
  void alignWithZeros() {
    while (used_ != 0) putBit(false);
  }

  // Appends whole bytes; the writer must be byte aligned.
  void putAlignedBytes(const std::uint8_t* data, std::size_t count) {
    bytes_.append(reinterpret_cast<const char*>(data), count);
  }

  // rbsp_trailing_bits(): a stop bit then zero bits to the byte boundary.
  void putTrailingBits() {
    putBit(true);
    alignWithZeros();
  }

  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
  std::uint8_t current_ = 0;
  int used_ = 0;
};

enum class NalType : std::uint8_t { IdrSlice = 5, Sps = 7, Pps = 8 };

// Inserts emulation_prevention_three_byte (0x03) wherever two zero bytes
// would otherwise be followed by a byte in 0x00..0x03.
std::string escapeEmulation(const std::string& rbsp) {
  std::string out;
  out.reserve(rbsp.size() + rbsp.size() / 64);
  int zeros = 0;
  for (const char ch : rbsp) {
    const auto byte = static_cast<unsigned char>(ch);
    if (zeros >= 2 && byte <= 3) {
      out.push_back('\x03');
      zeros = 0;
    }
    out.push_back(ch);
    zeros = byte == 0 ? zeros + 1 : 0;
  }
  return out;
}

// A NAL unit: header byte (forbidden 0, nal_ref_idc 3, type) and the escaped RBSP.
std::string nalUnit(NalType type, const std::string& rbsp) {
  std::string nal(1, static_cast<char>(0x60 | static_cast<int>(type)));
  return nal + escapeEmulation(rbsp);
}

// Smallest level (Table A-1) whose frame size, macroblock rate and bit rate fit
// the clip. I_PCM is uncompressed, so the bit rate is simply 3072 bits per macroblock.
int levelFor(int macroblocksPerFrame, int fps) {
  struct Limit {
    int level;
    long long maxFrameSize;       // MaxFS, macroblocks
    long long maxMacroblockRate;  // MaxMBPS, macroblocks per second
    long long maxBitRate;         // MaxBR, 1200 bit/s units for Baseline
  };
  static constexpr Limit kLimits[] = {
      {10, 99, 1485, 64},           {11, 396, 3000, 192},        {12, 396, 6000, 384},
      {13, 396, 11880, 768},        {20, 396, 11880, 2000},      {21, 792, 19800, 4000},
      {22, 1620, 20250, 4000},      {30, 1620, 40500, 10000},    {31, 3600, 108000, 14000},
      {32, 5120, 216000, 20000},    {40, 8192, 245760, 20000},   {41, 8192, 245760, 50000},
      {42, 8704, 522240, 50000},    {50, 22080, 589824, 135000}, {51, 36864, 983040, 240000},
      {52, 36864, 2073600, 240000},
  };
  const long long rate = static_cast<long long>(macroblocksPerFrame) * fps;
  const long long bitRate = rate * static_cast<long long>(kPcmBytesPerMacroblock) * 8;
  for (const Limit& limit : kLimits) {
    if (macroblocksPerFrame <= limit.maxFrameSize && rate <= limit.maxMacroblockRate &&
        bitRate <= limit.maxBitRate * 1200) {
      return limit.level;
    }
  }
  return 52;
}

// Sequence parameter set: Constrained Baseline, 4:2:0, frames only, POC type 2.
std::string sequenceParameterSet(int width, int height, int fps) {
  const int widthInMbs = width / kMacroblockSize;
  const int heightInMbs = height / kMacroblockSize;
  BitWriter bits;
  bits.putBits(kProfileBaseline, 8);
  bits.putBits(kConstraintFlags, 8);
  bits.putBits(static_cast<std::uint32_t>(levelFor(widthInMbs * heightInMbs, fps)), 8);
  bits.putUe(0);                     // seq_parameter_set_id
  bits.putUe(kLog2MaxFrameNum - 4);  // log2_max_frame_num_minus4
  bits.putUe(2);                     // pic_order_cnt_type: output order follows decoding order
  bits.putUe(1);                     // max_num_ref_frames
  bits.putBit(false);                // gaps_in_frame_num_value_allowed_flag
  bits.putUe(static_cast<std::uint32_t>(widthInMbs - 1));   // pic_width_in_mbs_minus1
  bits.putUe(static_cast<std::uint32_t>(heightInMbs - 1));  // pic_height_in_map_units_minus1
  bits.putBit(true);                                        // frame_mbs_only_flag
  bits.putBit(true);                                        // direct_8x8_inference_flag
  bits.putBit(false);                                       // frame_cropping_flag
  bits.putBit(false);                                       // vui_parameters_present_flag
  bits.putTrailingBits();
  return nalUnit(NalType::Sps, bits.bytes());
}

// Picture parameter set: CAVLC, one slice group, deblocking control present.
std::string pictureParameterSet() {
  BitWriter bits;
  bits.putUe(0);       // pic_parameter_set_id
  bits.putUe(0);       // seq_parameter_set_id
  bits.putBit(false);  // entropy_coding_mode_flag (CAVLC)
  bits.putBit(false);  // bottom_field_pic_order_in_frame_present_flag
  bits.putUe(0);       // num_slice_groups_minus1
  bits.putUe(0);       // num_ref_idx_l0_default_active_minus1
  bits.putUe(0);       // num_ref_idx_l1_default_active_minus1
  bits.putBit(false);  // weighted_pred_flag
  bits.putBits(0, 2);  // weighted_bipred_idc
  bits.putSe(0);       // pic_init_qp_minus26
  bits.putSe(0);       // pic_init_qs_minus26
  bits.putSe(0);       // chroma_qp_index_offset
  bits.putBit(true);   // deblocking_filter_control_present_flag
  bits.putBit(false);  // constrained_intra_pred_flag
  bits.putBit(false);  // redundant_pic_cnt_present_flag
  bits.putTrailingBits();
  return nalUnit(NalType::Pps, bits.bytes());
}

// Slice header of an IDR picture made of one I slice with deblocking disabled.
void writeSliceHeader(BitWriter& bits, int idrPicId) {
  bits.putUe(0);                      // first_mb_in_slice
  bits.putUe(7);                      // slice_type: I, and so are all slices of the picture
  bits.putUe(0);                      // pic_parameter_set_id
  bits.putBits(0, kLog2MaxFrameNum);  // frame_num (0 for IDR)
  bits.putUe(static_cast<std::uint32_t>(idrPicId));  // idr_pic_id, differs between consecutive IDRs
  bits.putBit(false);  // dec_ref_pic_marking: no_output_of_prior_pics_flag
  bits.putBit(false);  // dec_ref_pic_marking: long_term_reference_flag
  bits.putSe(0);       // slice_qp_delta
  bits.putUe(1);       // disable_deblocking_filter_idc: off
}

// Copies a size x size block whose top-left corner is (x0, y0) from a plane of `stride` bytes.
void putBlock(BitWriter& bits, const std::vector<std::uint8_t>& plane, int stride, int x0, int y0,
              int size) {
  for (int y = y0; y < y0 + size; ++y) {
    bits.putAlignedBytes(plane.data() + static_cast<std::size_t>(y) * stride + x0,
                         static_cast<std::size_t>(size));
  }
}

// One I_PCM macroblock: mb_type 25, pcm_alignment_zero_bits, 256 luma, 64 Cb and 64 Cr samples.
void writePcmMacroblock(BitWriter& bits, const YuvFrame& frame, int mbX, int mbY) {
  bits.putUe(kMbTypeIPcm);
  bits.alignWithZeros();
  putBlock(bits, frame.luma, frame.width, mbX * 16, mbY * 16, 16);
  putBlock(bits, frame.cb, frame.width / 2, mbX * 8, mbY * 8, 8);
  putBlock(bits, frame.cr, frame.width / 2, mbX * 8, mbY * 8, 8);
}

// A coded IDR picture: slice header, every macroblock as I_PCM, trailing bits.
std::string idrSlice(const YuvFrame& frame, int idrPicId) {
  BitWriter bits;
  writeSliceHeader(bits, idrPicId);
  for (int mbY = 0; mbY < frame.height / kMacroblockSize; ++mbY) {
    for (int mbX = 0; mbX < frame.width / kMacroblockSize; ++mbX)
      writePcmMacroblock(bits, frame, mbX, mbY);
  }
  bits.putTrailingBits();
  return nalUnit(NalType::IdrSlice, bits.bytes());
}

// ------------------------------------------------------------------ ISO BMFF

// Big-endian byte builder for box payloads.
class Bytes {
 public:
  Bytes& u8(std::uint32_t value) { return put(value, 1); }
  Bytes& u16(std::uint32_t value) { return put(value, 2); }
  Bytes& u32(std::uint32_t value) { return put(value, 4); }
  Bytes& zeros(std::size_t count) {
    data_.append(count, '\0');
    return *this;
  }
  Bytes& raw(const std::string& bytes) {
    data_ += bytes;
    return *this;
  }
  const std::string& str() const { return data_; }

 private:
  Bytes& put(std::uint32_t value, int byteCount) {
    for (int i = byteCount - 1; i >= 0; --i)
      data_.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
    return *this;
  }

  std::string data_;
};

// Everything the moov box describes about the single video track.
struct Track {
  int width;
  int height;
  int frames;
  int fps;
  std::string sps;  // NAL unit including its header byte
  std::string pps;  // NAL unit including its header byte
  std::vector<std::uint32_t> sampleSizes;
  std::uint32_t chunkOffset;  // file offset of the first sample (inside mdat)
};

// A plain box: 32-bit size, four-character type, payload.
std::string box(const char* type, const std::string& payload) {
  return Bytes()
      .u32(static_cast<std::uint32_t>(8 + payload.size()))
      .raw(std::string(type, 4))
      .raw(payload)
      .str();
}

// A full box: the payload is preceded by an 8-bit version and 24-bit flags.
std::string fullBox(const char* type, std::uint32_t version, std::uint32_t flags,
                    const std::string& payload) {
  return box(type, Bytes().u32((version << 24) | (flags & 0xFFFFFF)).raw(payload).str());
}

// The identity transformation matrix used by mvhd and tkhd.
std::string unityMatrix() {
  return Bytes()
      .u32(0x00010000)
      .u32(0)
      .u32(0)
      .u32(0)
      .u32(0x00010000)
      .u32(0)
      .u32(0)
      .u32(0)
      .u32(0x40000000)
      .str();
}

// Track duration in the movie timescale (milliseconds), rounded.
std::uint32_t movieDuration(const Track& track) {
  const std::uint64_t millis =
      (static_cast<std::uint64_t>(track.frames) * kMovieTimescale + track.fps / 2) / track.fps;
  return static_cast<std::uint32_t>(millis);
}

// ftyp: ISO base media brand, compatible with AVC players.
std::string fileTypeBox() {
  return box("ftyp",
             Bytes().raw("isom").u32(0x200).raw("isom").raw("iso2").raw("avc1").raw("mp41").str());
}

// mvhd: movie timescale and duration, normal rate and volume, next track id 2.
std::string movieHeaderBox(const Track& track) {
  return fullBox("mvhd", 0, 0,
                 Bytes()
                     .u32(0)
                     .u32(0)
                     .u32(kMovieTimescale)
                     .u32(movieDuration(track))
                     .u32(0x00010000)
                     .u16(0x0100)
                     .zeros(10)
                     .raw(unityMatrix())
                     .zeros(24)
                     .u32(2)
                     .str());
}

// tkhd: enabled track 1 with its presentation size in 16.16 fixed point.
std::string trackHeaderBox(const Track& track) {
  return fullBox("tkhd", 0, 0x000003,
                 Bytes()
                     .u32(0)
                     .u32(0)
                     .u32(1)
                     .u32(0)
                     .u32(movieDuration(track))
                     .zeros(8)
                     .u16(0)
                     .u16(0)
                     .u16(0)
                     .u16(0)
                     .raw(unityMatrix())
                     .u32(static_cast<std::uint32_t>(track.width) << 16)
                     .u32(static_cast<std::uint32_t>(track.height) << 16)
                     .str());
}

// mdhd: media timescale (fps * kTicksPerFrame), duration, language "und".
std::string mediaHeaderBox(const Track& track) {
  const auto timescale = static_cast<std::uint32_t>(track.fps) * kTicksPerFrame;
  const auto duration = static_cast<std::uint32_t>(track.frames) * kTicksPerFrame;
  return fullBox("mdhd", 0, 0,
                 Bytes().u32(0).u32(0).u32(timescale).u32(duration).u16(0x55C4).u16(0).str());
}

// hdlr: declares the track as video.
std::string handlerBox() {
  return fullBox("hdlr", 0, 0,
                 Bytes().u32(0).raw("vide").zeros(12).raw(std::string("VideoHandler", 13)).str());
}

// vmhd: video media header (copy graphics mode).
std::string videoMediaHeaderBox() { return fullBox("vmhd", 0, 1, Bytes().u16(0).zeros(6).str()); }

// dinf/dref: one self-contained 'url ' entry (media is in this file).
std::string dataInformationBox() {
  return box("dinf", fullBox("dref", 0, 0, Bytes().u32(1).raw(fullBox("url ", 0, 1, "")).str()));
}

// avcC: decoder configuration with 4-byte NAL lengths, one SPS and one PPS.
std::string avcConfigurationBox(const Track& track) {
  return box("avcC", Bytes()
                         .u8(1)
                         .raw(track.sps.substr(1, 3))  // profile, constraint flags, level
                         .u8(0xFC | 3)
                         .u8(0xE0 | 1)
                         .u16(static_cast<std::uint32_t>(track.sps.size()))
                         .raw(track.sps)
                         .u8(1)
                         .u16(static_cast<std::uint32_t>(track.pps.size()))
                         .raw(track.pps)
                         .str());
}

// avc1: visual sample entry (size, 72 dpi, 24-bit depth) carrying avcC.
std::string avcSampleEntry(const Track& track) {
  std::string compressor = "luma-mock I_PCM";
  compressor.insert(compressor.begin(), static_cast<char>(compressor.size()));
  compressor.resize(32, '\0');
  return box("avc1", Bytes()
                         .zeros(6)
                         .u16(1)
                         .u16(0)
                         .u16(0)
                         .zeros(12)
                         .u16(static_cast<std::uint32_t>(track.width))
                         .u16(static_cast<std::uint32_t>(track.height))
                         .u32(0x00480000)
                         .u32(0x00480000)
                         .u32(0)
                         .u16(1)
                         .raw(compressor)
                         .u16(0x0018)
                         .u16(0xFFFF)
                         .raw(avcConfigurationBox(track))
                         .str());
}

// stsd: the single sample description.
std::string sampleDescriptionBox(const Track& track) {
  return fullBox("stsd", 0, 0, Bytes().u32(1).raw(avcSampleEntry(track)).str());
}

// stts: every sample lasts one frame.
std::string timeToSampleBox(const Track& track) {
  return fullBox(
      "stts", 0, 0,
      Bytes().u32(1).u32(static_cast<std::uint32_t>(track.frames)).u32(kTicksPerFrame).str());
}

// stsc: all samples live in one chunk.
std::string sampleToChunkBox(const Track& track) {
  return fullBox("stsc", 0, 0,
                 Bytes().u32(1).u32(1).u32(static_cast<std::uint32_t>(track.frames)).u32(1).str());
}

// stsz: the size of each sample.
std::string sampleSizeBox(const Track& track) {
  Bytes payload;
  payload.u32(0).u32(static_cast<std::uint32_t>(track.sampleSizes.size()));
  for (const std::uint32_t size : track.sampleSizes) payload.u32(size);
  return fullBox("stsz", 0, 0, payload.str());
}

// stco: file offset of the single chunk.
std::string chunkOffsetBox(const Track& track) {
  return fullBox("stco", 0, 0, Bytes().u32(1).u32(track.chunkOffset).str());
}

// stbl: sample tables. No stss: every sample is an IDR, i.e. a sync sample.
std::string sampleTableBox(const Track& track) {
  return box("stbl", sampleDescriptionBox(track) + timeToSampleBox(track) +
                         sampleToChunkBox(track) + sampleSizeBox(track) + chunkOffsetBox(track));
}

// moov: movie header and the single video track (trak/mdia/minf/stbl).
std::string movieBox(const Track& track) {
  const std::string minf =
      box("minf", videoMediaHeaderBox() + dataInformationBox() + sampleTableBox(track));
  const std::string mdia = box("mdia", mediaHeaderBox(track) + handlerBox() + minf);
  return box("moov", movieHeaderBox(track) + box("trak", trackHeaderBox(track) + mdia));
}

// Renders and encodes every frame as a length-prefixed IDR NAL unit; records sample sizes.
std::string encodeSamples(Track& track, std::uint32_t seed) {
  const Style style = styleFor(seed);
  std::string samples;
  for (int i = 0; i < track.frames; ++i) {
    const YuvFrame frame =
        renderFrame(style, track.width, track.height, static_cast<double>(i) / track.frames);
    const std::string nal = idrSlice(frame, i % 2);
    const std::string sample = Bytes().u32(static_cast<std::uint32_t>(nal.size())).raw(nal).str();
    track.sampleSizes.push_back(static_cast<std::uint32_t>(sample.size()));
    samples += sample;
  }
  return samples;
}

// Rejects sizes that are not whole macroblocks, empty or too large clips, bad frame rates.
void validateClip(int width, int height, int frames, int fps) {
  if (width <= 0 || height <= 0 || width % kMacroblockSize != 0 || height % kMacroblockSize != 0) {
    throw std::invalid_argument("makeMp4: width and height must be positive multiples of 16");
  }
  if (width > kMaxDimension || height > kMaxDimension ||
      (width / kMacroblockSize) * (height / kMacroblockSize) > kMaxMacroblocksPerFrame) {
    throw std::invalid_argument("makeMp4: frame size too large");
  }
  if (frames <= 0 || frames > kMaxFrames)
    throw std::invalid_argument("makeMp4: frames must be in 1..10000");
  if (fps <= 0 || fps > kMaxFps) throw std::invalid_argument("makeMp4: fps must be in 1..240");
  const std::size_t macroblocks =
      static_cast<std::size_t>(width / kMacroblockSize) * (height / kMacroblockSize);
  if (macroblocks * kPcmBytesPerMacroblock * static_cast<std::size_t>(frames) > kMaxPayloadBytes) {
    throw std::invalid_argument("makeMp4: clip too large");
  }
}

}  // namespace

std::string makeMp4(int width, int height, int frames, int fps, std::uint32_t seed) {
  validateClip(width, height, frames, fps);
  Track track{
      width, height, frames, fps, sequenceParameterSet(width, height, fps), pictureParameterSet(),
      {},    0};
  const std::string samples = encodeSamples(track, seed);
  const std::string fileType = fileTypeBox();
  // stco needs the absolute offset of mdat's payload, which follows ftyp and moov;
  // moov's size does not depend on that offset, so measure it first.
  const std::size_t movieSize = movieBox(track).size();
  track.chunkOffset = static_cast<std::uint32_t>(fileType.size() + movieSize + 8);
  return fileType + movieBox(track) + box("mdat", samples);
}

}  // namespace useapi::luma::mock
