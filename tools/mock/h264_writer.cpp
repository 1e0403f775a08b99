// H.264 bitstream writing for the mock's MP4 clips: Exp-Golomb bit writing, emulation
// prevention, NAL units, parameter sets and I_PCM IDR slices.
#include "mock/h264_writer.hpp"

#include <cstdint>
#include <vector>

namespace useapi::luma::mock::mp4 {
namespace {

constexpr int kProfileBaseline = 66;
constexpr int kConstraintFlags = 0xC0;  // constraint_set0 + constraint_set1: Constrained Baseline
constexpr int kLog2MaxFrameNum = 4;
constexpr std::uint32_t kMbTypeIPcm = 25;

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
    long long max_frame_size;       // MaxFS, macroblocks
    long long max_macroblock_rate;  // MaxMBPS, macroblocks per second
    long long max_bit_rate;         // MaxBR, 1200 bit/s units for Baseline
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
    if (macroblocksPerFrame <= limit.max_frame_size && rate <= limit.max_macroblock_rate &&
        bitRate <= limit.max_bit_rate * 1200) {
      return limit.level;
    }
  }
  return 52;
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

}  // namespace

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

// A coded IDR picture: slice header, every macroblock as I_PCM, trailing bits.
std::string idrSlice(const YuvFrame& frame, int idrPicId) {
  BitWriter bits;
  writeSliceHeader(bits, idrPicId);
  for (int mbY = 0; mbY < frame.height / kMacroblockSize; ++mbY) {
    for (int mbX = 0; mbX < frame.width / kMacroblockSize; ++mbX) {
      writePcmMacroblock(bits, frame, mbX, mbY);
    }
  }
  bits.putTrailingBits();
  return nalUnit(NalType::IdrSlice, bits.bytes());
}

}  // namespace useapi::luma::mock::mp4
