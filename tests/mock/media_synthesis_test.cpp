// Structural checks of the mock's synthesized media. They re-derive every
// checksum and walk the containers independently, so they need no ffmpeg.
#include "mock/media_synthesis.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

using useapi::luma::mock::makeMp4;
using useapi::luma::mock::makePng;

// Big-endian 32-bit value at `offset`.
std::uint32_t readU32(const std::string& bytes, std::size_t offset) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes.at(offset + i));
  }
  return value;
}

// Big-endian 16-bit value at `offset`.
std::uint32_t readU16(const std::string& bytes, std::size_t offset) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes.at(offset))) << 8) |
         static_cast<unsigned char>(bytes.at(offset + 1));
}

// Bitwise CRC-32 (polynomial 0xEDB88320), written independently of the encoder's table version.
std::uint32_t referenceCrc32(const std::string& bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const char ch : bytes) {
    crc ^= static_cast<unsigned char>(ch);
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

// Adler-32 as defined by RFC 1950.
std::uint32_t referenceAdler32(const std::string& bytes) {
  std::uint32_t a = 1;
  std::uint32_t b = 0;
  for (const char ch : bytes) {
    a = (a + static_cast<unsigned char>(ch)) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

// ------------------------------------------------------------------ PNG helpers

struct PngChunk {
  std::string type;
  std::string data;
  std::uint32_t stored_crc;
};

// Splits a PNG after its signature into chunks; fails the test on truncation.
std::vector<PngChunk> readChunks(const std::string& png) {
  std::vector<PngChunk> chunks;
  std::size_t offset = 8;
  while (offset < png.size()) {
    const std::uint32_t length = readU32(png, offset);
    EXPECT_LE(offset + 12 + length, png.size()) << "chunk runs past end of file";
    if (offset + 12 + length > png.size()) break;
    chunks.push_back({png.substr(offset + 4, 4), png.substr(offset + 8, length),
                      readU32(png, offset + 8 + length)});
    offset += 12 + length;
  }
  return chunks;
}

// Concatenated IDAT payloads, i.e. the zlib stream.
std::string zlibStream(const std::vector<PngChunk>& chunks) {
  std::string stream;
  for (const PngChunk& chunk : chunks) {
    if (chunk.type == "IDAT") stream += chunk.data;
  }
  return stream;
}

// Inflates a zlib stream made only of stored blocks, checking the zlib header,
// each block's LEN/NLEN and the trailing Adler-32.
std::string inflateStored(const std::string& zlib) {
  EXPECT_GE(zlib.size(), 2u + 5u + 4u);
  const auto cmf = static_cast<unsigned char>(zlib.at(0));
  const auto flg = static_cast<unsigned char>(zlib.at(1));
  EXPECT_EQ(cmf & 0x0F, 8) << "compression method must be deflate";
  EXPECT_LE(cmf >> 4, 7) << "window size too large";
  EXPECT_EQ((cmf * 256 + flg) % 31, 0) << "FCHECK";
  EXPECT_EQ(flg & 0x20, 0) << "no preset dictionary";
  std::string raw;
  std::size_t offset = 2;
  bool last = false;
  while (!last) {
    const auto header = static_cast<unsigned char>(zlib.at(offset));
    last = (header & 1) != 0;
    EXPECT_EQ((header >> 1) & 3, 0) << "block must be stored (BTYPE 00)";
    const std::uint32_t len = static_cast<unsigned char>(zlib.at(offset + 1)) |
                              (static_cast<unsigned char>(zlib.at(offset + 2)) << 8);
    const std::uint32_t nlen = static_cast<unsigned char>(zlib.at(offset + 3)) |
                               (static_cast<unsigned char>(zlib.at(offset + 4)) << 8);
    EXPECT_EQ(len ^ 0xFFFFu, nlen);
    raw += zlib.substr(offset + 5, len);
    offset += 5 + len;
  }
  EXPECT_EQ(offset + 4, zlib.size()) << "only the Adler-32 may follow the final block";
  EXPECT_EQ(readU32(zlib, offset), referenceAdler32(raw));
  return raw;
}

// Decoded PNG rows without their filter bytes; checks every filter byte is 0.
std::vector<std::string> pixelRows(const std::string& png, int width, int height) {
  const std::string raw = inflateStored(zlibStream(readChunks(png)));
  const std::size_t stride = 1 + 3 * static_cast<std::size_t>(width);
  EXPECT_EQ(raw.size(), static_cast<std::size_t>(height) * stride);
  std::vector<std::string> rows;
  for (std::size_t offset = 0; offset + stride <= raw.size(); offset += stride) {
    EXPECT_EQ(raw[offset], '\0') << "filter type must be None";
    rows.push_back(raw.substr(offset + 1, stride - 1));
  }
  return rows;
}

// ------------------------------------------------------------------ MP4 helpers

struct Box {
  std::string type;
  std::size_t payload_begin;
  std::size_t end;
};

// Children of the region [begin, end), which must be exactly covered by boxes.
std::vector<Box> readBoxes(const std::string& file, std::size_t begin, std::size_t end) {
  std::vector<Box> boxes;
  std::size_t offset = begin;
  while (offset + 8 <= end) {
    const std::uint32_t size = readU32(file, offset);
    EXPECT_GE(size, 8u);
    EXPECT_LE(offset + size, end) << "box overruns its parent";
    if (size < 8 || offset + size > end) return boxes;
    boxes.push_back({file.substr(offset + 4, 4), offset + 8, offset + size});
    offset += size;
  }
  EXPECT_EQ(offset, end) << "boxes do not exactly fill their parent";
  return boxes;
}

// The single child of `parent` with the given type (a test failure if absent).
Box child(const std::string& file, const Box& parent, const std::string& type,
          std::size_t skip = 0) {
  for (const Box& box : readBoxes(file, parent.payload_begin + skip, parent.end)) {
    if (box.type == type) return box;
  }
  ADD_FAILURE() << "missing box " << type << " inside " << parent.type;
  return {type, parent.end, parent.end};
}

// Follows a path of container boxes from the top level, e.g. {"moov", "trak", "tkhd"}.
Box findPath(const std::string& file, const std::vector<std::string>& path) {
  Box current{"file", 0, file.size()};
  for (const std::string& type : path) current = child(file, current, type);
  return current;
}

// The avcC box: stsd has 8 bytes (version/flags, entry count) before avc1,
// and avc1 has 78 bytes of visual sample entry fields before its children.
Box findAvcC(const std::string& mp4) {
  const Box stsd = findPath(mp4, {"moov", "trak", "mdia", "minf", "stbl", "stsd"});
  const Box avc1 = child(mp4, stsd, "avc1", 8);
  return child(mp4, avc1, "avcC", 78);
}

// The samples listed by stsz, located through stco (all in one chunk).
std::vector<std::string> samples(const std::string& mp4) {
  const Box stsz = findPath(mp4, {"moov", "trak", "mdia", "minf", "stbl", "stsz"});
  const Box stco = findPath(mp4, {"moov", "trak", "mdia", "minf", "stbl", "stco"});
  EXPECT_EQ(readU32(mp4, stco.payload_begin + 4), 1u) << "one chunk expected";
  std::size_t offset = readU32(mp4, stco.payload_begin + 8);
  const std::uint32_t count = readU32(mp4, stsz.payload_begin + 8);
  std::vector<std::string> result;
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint32_t size = readU32(mp4, stsz.payload_begin + 12 + std::size_t{4} * i);
    result.push_back(mp4.substr(offset, size));
    offset += size;
  }
  return result;
}

// Removes emulation_prevention_three_byte (0x03 after two zero bytes) from a NAL payload.
std::string unescapeNal(const std::string& nal) {
  std::string rbsp;
  int zeros = 0;
  for (const char ch : nal) {
    if (zeros >= 2 && ch == '\x03') {
      zeros = 0;
      continue;
    }
    rbsp.push_back(ch);
    zeros = ch == '\0' ? zeros + 1 : 0;
  }
  return rbsp;
}

// Reads an RBSP most-significant bit first, with Exp-Golomb codes.
class BitReader {
 public:
  explicit BitReader(std::string bytes) : bytes_(std::move(bytes)) {}

  std::uint32_t bits(int count) {
    std::uint32_t value = 0;
    for (int i = 0; i < count; ++i) value = (value << 1) | bit();
    return value;
  }

  std::uint32_t bit() {
    if (position_ >= 8 * bytes_.size()) throw std::out_of_range("read past end of RBSP");
    const auto byte = static_cast<unsigned char>(bytes_[position_ / 8]);
    return (byte >> (7 - position_++ % 8)) & 1u;
  }

  std::uint32_t ue() {
    int leadingZeros = 0;
    while (bit() == 0) ++leadingZeros;
    return ((1u << leadingZeros) - 1) + bits(leadingZeros);
  }

  std::int32_t se() {
    const std::uint32_t code = ue();
    return (code & 1u) ? static_cast<std::int32_t>((code + 1) / 2)
                       : -static_cast<std::int32_t>(code / 2);
  }

  bool aligned() const { return position_ % 8 == 0; }
  std::size_t bytePosition() const { return position_ / 8; }
  std::size_t size() const { return bytes_.size(); }
  void skipBytes(std::size_t count) { position_ += 8 * count; }
  unsigned char byteAt(std::size_t index) const {
    return static_cast<unsigned char>(bytes_.at(index));
  }

 private:
  std::string bytes_;
  std::size_t position_ = 0;
};

// The SPS and PPS fields the slice parser depends on.
struct ParameterSets {
  std::uint32_t width_in_mbs = 0;
  std::uint32_t height_in_mbs = 0;
  int log2_max_frame_num = 0;
  std::uint32_t poc_type = 0;
  bool deblocking_control = false;
};

// Parses the SPS and PPS held in avcC (Baseline syntax: no chroma_format_idc).
ParameterSets readParameterSets(const std::string& mp4) {
  const Box avcC = findAvcC(mp4);
  const std::size_t p = avcC.payload_begin;
  const std::uint32_t spsLength = readU16(mp4, p + 6);
  BitReader sps(unescapeNal(mp4.substr(p + 9, spsLength - 1)));
  ParameterSets sets;
  EXPECT_EQ(sps.bits(8), 66u) << "profile_idc";
  sps.bits(16);  // constraint flags, level_idc
  EXPECT_EQ(sps.ue(), 0u) << "seq_parameter_set_id";
  sets.log2_max_frame_num = static_cast<int>(sps.ue()) + 4;
  sets.poc_type = sps.ue();
  EXPECT_EQ(sets.poc_type, 2u) << "this parser only follows pic_order_cnt_type 2";
  sps.ue();   // max_num_ref_frames
  sps.bit();  // gaps_in_frame_num_value_allowed_flag
  sets.width_in_mbs = sps.ue() + 1;
  sets.height_in_mbs = sps.ue() + 1;
  EXPECT_EQ(sps.bit(), 1u) << "frame_mbs_only_flag";

  const std::size_t ppsAt = p + 8 + spsLength;
  BitReader pps(unescapeNal(mp4.substr(ppsAt + 4, readU16(mp4, ppsAt + 1) - 1)));
  pps.ue();  // pic_parameter_set_id
  pps.ue();  // seq_parameter_set_id
  EXPECT_EQ(pps.bit(), 0u) << "CAVLC expected";
  pps.bit();  // bottom_field_pic_order_in_frame_present_flag
  EXPECT_EQ(pps.ue(), 0u) << "one slice group";
  pps.ue();
  pps.ue();
  pps.bits(3);  // weighted_pred_flag, weighted_bipred_idc
  pps.se();
  pps.se();
  pps.se();
  sets.deblocking_control = pps.bit() == 1;
  return sets;
}

// Parses one IDR slice and checks every macroblock is I_PCM with samples in 1..254.
// Returns the luma samples of the picture in coding order.
std::string readPcmSlice(const std::string& nal, const ParameterSets& sets) {
  BitReader slice(unescapeNal(nal.substr(1)));
  EXPECT_EQ(slice.ue(), 0u) << "first_mb_in_slice";
  EXPECT_EQ(slice.ue() % 5, 2u) << "I slice";
  slice.ue();                           // pic_parameter_set_id
  slice.bits(sets.log2_max_frame_num);  // frame_num
  slice.ue();                           // idr_pic_id
  slice.bits(2);                        // no_output_of_prior_pics_flag, long_term_reference_flag
  slice.se();                           // slice_qp_delta
  if (sets.deblocking_control && slice.ue() != 1) {
    slice.se();
    slice.se();
  }
  std::string luma;
  const std::uint32_t macroblocks = sets.width_in_mbs * sets.height_in_mbs;
  for (std::uint32_t mb = 0; mb < macroblocks; ++mb) {
    EXPECT_EQ(slice.ue(), 25u) << "mb_type I_PCM at macroblock " << mb;
    while (!slice.aligned()) EXPECT_EQ(slice.bit(), 0u) << "pcm_alignment_zero_bit";
    const std::size_t begin = slice.bytePosition();
    EXPECT_LE(begin + 384, slice.size());
    if (begin + 384 > slice.size()) return luma;
    for (std::size_t i = 0; i < 384; ++i) {
      const unsigned char sample = slice.byteAt(begin + i);
      EXPECT_TRUE(sample >= 1 && sample <= 254) << "sample " << int(sample);
      if (i < 256) luma.push_back(static_cast<char>(sample));
    }
    slice.skipBytes(384);
  }
  EXPECT_EQ(slice.bytePosition() + 1, slice.size()) << "only rbsp_trailing_bits may follow";
  EXPECT_EQ(slice.bits(8), 0x80u) << "rbsp_trailing_bits";
  return luma;
}

// ------------------------------------------------------------------ PNG tests

TEST(MakePng, StartsWithThePngSignature) {
  const std::string png = makePng(64, 32, 1);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST(MakePng, WritesIhdrThenIdatThenIend) {
  const std::vector<PngChunk> chunks = readChunks(makePng(64, 32, 1));
  ASSERT_GE(chunks.size(), 3u);
  EXPECT_EQ(chunks.front().type, "IHDR");
  EXPECT_EQ(chunks.back().type, "IEND");
  EXPECT_TRUE(chunks.back().data.empty());
  for (std::size_t i = 1; i + 1 < chunks.size(); ++i) EXPECT_EQ(chunks[i].type, "IDAT");
}

TEST(MakePng, EveryChunkCrcMatchesTypeAndData) {
  for (const PngChunk& chunk : readChunks(makePng(300, 200, 5))) {
    EXPECT_EQ(chunk.stored_crc, referenceCrc32(chunk.type + chunk.data)) << chunk.type;
  }
}

TEST(MakePng, HeaderRecordsSizeAndEightBitRgb) {
  const PngChunk ihdr = readChunks(makePng(123, 45, 9)).front();
  ASSERT_EQ(ihdr.data.size(), 13u);
  EXPECT_EQ(readU32(ihdr.data, 0), 123u);
  EXPECT_EQ(readU32(ihdr.data, 4), 45u);
  EXPECT_EQ(ihdr.data.substr(8), std::string("\x08\x02\x00\x00\x00", 5));
}

TEST(MakePng, ImageDataInflatesToOneFilteredRowPerLine) {
  // 512x288 needs several stored blocks, so the multi-block path is exercised too.
  const std::string png = makePng(512, 288, 1);
  ASSERT_GT(zlibStream(readChunks(png)).size(), 2u * 65535u);
  const std::vector<std::string> rows = pixelRows(png, 512, 288);
  EXPECT_EQ(rows.size(), 288u);
  for (const std::string& row : rows) EXPECT_EQ(row.size(), 3u * 512u);
}

TEST(MakePng, DrawsAPictureRatherThanABlankImage) {
  std::set<std::array<char, 3>> colours;
  for (const std::string& row : pixelRows(makePng(200, 120, 3), 200, 120)) {
    for (std::size_t i = 0; i + 2 < row.size(); i += 3) {
      colours.insert({row[i], row[i + 1], row[i + 2]});
    }
  }
  EXPECT_GT(colours.size(), 50u);
}

TEST(MakePng, PaintsTheSkyAcrossTheTopRow) {
  const std::string top = pixelRows(makePng(320, 180, 6), 320, 180).front();
  for (std::size_t i = 0; i + 2 < top.size(); i += 3) {
    EXPECT_NE(top.substr(i, 3), std::string(3, '\0')) << "unpainted pixel at x=" << i / 3;
  }
}

TEST(MakePng, DifferentSeedsGiveDifferentImages) {
  EXPECT_NE(makePng(96, 64, 1), makePng(96, 64, 2));
  EXPECT_NE(makePng(96, 64, 0), makePng(96, 64, 0xFFFFFFFFu));
}

TEST(MakePng, SameSeedIsDeterministic) { EXPECT_EQ(makePng(96, 64, 7), makePng(96, 64, 7)); }

TEST(MakePng, HandlesTinyImages) {
  const std::vector<std::string> rows = pixelRows(makePng(1, 1, 4), 1, 1);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].size(), 3u);
}

TEST(MakePng, RejectsNonPositiveOrAbsurdSizes) {
  EXPECT_THROW(makePng(0, 10, 1), std::invalid_argument);
  EXPECT_THROW(makePng(10, 0, 1), std::invalid_argument);
  EXPECT_THROW(makePng(-5, 10, 1), std::invalid_argument);
  EXPECT_THROW(makePng(4097, 10, 1), std::invalid_argument);
  EXPECT_THROW(makePng(10, 100000, 1), std::invalid_argument);
  EXPECT_NO_THROW(makePng(4096, 1, 1));
}

// ------------------------------------------------------------------ MP4 tests

TEST(MakeMp4, TopLevelBoxesAreFtypMoovMdatAndFillTheFile) {
  const std::string mp4 = makeMp4(160, 96, 24, 12, 1);
  const std::vector<Box> boxes = readBoxes(mp4, 0, mp4.size());
  ASSERT_EQ(boxes.size(), 3u);
  EXPECT_EQ(boxes[0].type, "ftyp");
  EXPECT_EQ(boxes[1].type, "moov");
  EXPECT_EQ(boxes[2].type, "mdat");
  EXPECT_EQ(boxes[2].end, mp4.size());
}

TEST(MakeMp4, FileTypeDeclaresIsomAndAvc1) {
  const std::string mp4 = makeMp4(32, 32, 2, 10, 1);
  const Box ftyp = findPath(mp4, {"ftyp"});
  const std::string brands = mp4.substr(ftyp.payload_begin, ftyp.end - ftyp.payload_begin);
  EXPECT_EQ(brands.substr(0, 4), "isom");
  EXPECT_NE(brands.find("avc1", 8), std::string::npos);
}

TEST(MakeMp4, TrackHeaderHoldsSizeInFixedPoint) {
  const std::string mp4 = makeMp4(160, 96, 3, 12, 1);
  const Box tkhd = findPath(mp4, {"moov", "trak", "tkhd"});
  ASSERT_EQ(mp4[tkhd.payload_begin], '\0') << "version 0 layout expected";
  EXPECT_EQ(readU32(mp4, tkhd.end - 8), 160u << 16);
  EXPECT_EQ(readU32(mp4, tkhd.end - 4), 96u << 16);
}

TEST(MakeMp4, SampleTablesCountEveryFrame) {
  const std::string mp4 = makeMp4(48, 32, 17, 25, 2);
  const Box stsz = findPath(mp4, {"moov", "trak", "mdia", "minf", "stbl", "stsz"});
  EXPECT_EQ(readU32(mp4, stsz.payload_begin + 8), 17u);
  const Box stts = findPath(mp4, {"moov", "trak", "mdia", "minf", "stbl", "stts"});
  EXPECT_EQ(readU32(mp4, stts.payload_begin + 8), 17u);
  const Box mdhd = findPath(mp4, {"moov", "trak", "mdia", "mdhd"});
  const std::uint32_t timescale = readU32(mp4, mdhd.payload_begin + 12);
  EXPECT_EQ(readU32(mp4, mdhd.payload_begin + 16) * 25u, 17u * timescale)
      << "duration must be 17 frames at 25 fps";
}

TEST(MakeMp4, HandlerDeclaresAVideoTrack) {
  const std::string mp4 = makeMp4(16, 16, 1, 1, 1);
  const Box hdlr = findPath(mp4, {"moov", "trak", "mdia", "hdlr"});
  EXPECT_EQ(mp4.substr(hdlr.payload_begin + 8, 4), "vide");
  findPath(mp4, {"moov", "trak", "mdia", "minf", "vmhd"});
  findPath(mp4, {"moov", "trak", "mdia", "minf", "dinf", "dref"});
}

TEST(MakeMp4, DecoderConfigurationDeclaresBaselineWithSpsAndPps) {
  const std::string mp4 = makeMp4(64, 48, 2, 10, 1);
  const Box avcC = findAvcC(mp4);
  const std::size_t p = avcC.payload_begin;
  EXPECT_EQ(mp4[p], '\x01') << "configurationVersion";
  EXPECT_EQ(static_cast<unsigned char>(mp4[p + 1]), 66) << "Baseline profile";
  EXPECT_EQ(static_cast<unsigned char>(mp4[p + 4]) & 3, 3) << "4-byte NAL lengths";
  EXPECT_EQ(static_cast<unsigned char>(mp4[p + 5]) & 0x1F, 1) << "one SPS";
  const std::uint32_t spsLength = readU16(mp4, p + 6);
  EXPECT_EQ(mp4[p + 8] & 0x1F, 7) << "SPS NAL type";
  EXPECT_EQ(static_cast<unsigned char>(mp4[p + 9]), 66) << "SPS profile_idc";
  const std::size_t pps = p + 8 + spsLength;
  EXPECT_EQ(mp4[pps], '\x01') << "one PPS";
  EXPECT_EQ(mp4[pps + 3] & 0x1F, 8) << "PPS NAL type";
  EXPECT_EQ(pps + 3 + readU16(mp4, pps + 1), avcC.end);
}

TEST(MakeMp4, EverySampleIsOneLengthPrefixedIdrNal) {
  const std::string mp4 = makeMp4(64, 32, 5, 10, 3);
  const Box mdat = findPath(mp4, {"mdat"});
  const std::vector<std::string> frames = samples(mp4);
  ASSERT_EQ(frames.size(), 5u);
  std::size_t total = 0;
  for (const std::string& sample : frames) {
    ASSERT_GT(sample.size(), 5u);
    EXPECT_EQ(readU32(sample, 0) + 4, sample.size());
    EXPECT_EQ(sample[4] & 0x1F, 5) << "IDR slice";
    // 8 macroblocks of raw PCM samples must all be present.
    EXPECT_GT(sample.size(), 8u * 384u);
    total += sample.size();
  }
  EXPECT_EQ(total, mdat.end - mdat.payload_begin) << "samples exactly fill mdat";
  EXPECT_EQ(
      readU32(mp4,
              findPath(mp4, {"moov", "trak", "mdia", "minf", "stbl", "stco"}).payload_begin + 8),
      mdat.payload_begin);
}

TEST(MakeMp4, SequenceParameterSetDescribesTheFrameInMacroblocks) {
  const ParameterSets sets = readParameterSets(makeMp4(160, 96, 1, 12, 1));
  EXPECT_EQ(sets.width_in_mbs, 10u);
  EXPECT_EQ(sets.height_in_mbs, 6u);
}

TEST(MakeMp4, EveryMacroblockIsPcmWithSamplesInSafeRange) {
  const std::string mp4 = makeMp4(160, 96, 4, 12, 5);
  const ParameterSets sets = readParameterSets(mp4);
  for (const std::string& sample : samples(mp4)) {
    const std::string luma = readPcmSlice(sample.substr(4), sets);
    EXPECT_EQ(luma.size(), 60u * 256u);
    EXPECT_GT(std::set<char>(luma.begin(), luma.end()).size(), 10u) << "frame must not be flat";
  }
}

TEST(MakeMp4, NalPayloadsContainNoStartCodeEmulation) {
  for (const std::string& sample : samples(makeMp4(32, 32, 4, 8, 11))) {
    const std::string nal = sample.substr(4);
    for (std::size_t i = 0; i + 2 < nal.size(); ++i) {
      const bool emulation = nal[i] == '\0' && nal[i + 1] == '\0' &&
                             static_cast<unsigned char>(nal[i + 2]) <= 3 && nal[i + 2] != '\x03';
      EXPECT_FALSE(emulation) << "at byte " << i;
    }
    EXPECT_NE(nal.back(), '\0');
  }
}

TEST(MakeMp4, ShapeMovesBetweenFrames) {
  const std::vector<std::string> frames = samples(makeMp4(64, 48, 6, 12, 4));
  ASSERT_EQ(frames.size(), 6u);
  EXPECT_NE(frames[0], frames[2]);
}

TEST(MakeMp4, DifferentSeedsGiveDifferentColours) {
  EXPECT_NE(makeMp4(32, 32, 2, 10, 1), makeMp4(32, 32, 2, 10, 2));
  EXPECT_EQ(makeMp4(32, 32, 2, 10, 9), makeMp4(32, 32, 2, 10, 9));
}

TEST(MakeMp4, RejectsInvalidArguments) {
  EXPECT_THROW(makeMp4(100, 96, 1, 10, 1), std::invalid_argument);
  EXPECT_THROW(makeMp4(160, 90, 1, 10, 1), std::invalid_argument);
  EXPECT_THROW(makeMp4(0, 96, 1, 10, 1), std::invalid_argument);
  EXPECT_THROW(makeMp4(-16, 96, 1, 10, 1), std::invalid_argument);
  EXPECT_THROW(makeMp4(160, 96, 0, 10, 1), std::invalid_argument);
  EXPECT_THROW(makeMp4(160, 96, -1, 10, 1), std::invalid_argument);
  EXPECT_THROW(makeMp4(160, 96, 1, 0, 1), std::invalid_argument);
  EXPECT_THROW(makeMp4(160, 96, 1, -30, 1), std::invalid_argument);
  EXPECT_THROW(makeMp4(8192, 96, 1, 10, 1), std::invalid_argument);
  EXPECT_THROW(makeMp4(1920, 1088, 1000000, 30, 1), std::invalid_argument);
}

}  // namespace
