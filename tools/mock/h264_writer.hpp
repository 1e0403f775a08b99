#pragma once
// The H.264 bitstream of the mock's MP4 clips: Constrained Baseline parameter sets and IDR
// pictures whose macroblocks are all I_PCM (raw samples), so no real compression is needed.

#include <cstddef>
#include <string>

#include "mock/mp4_scene.hpp"

namespace useapi::luma::mock::mp4 {

/// The width and height of a macroblock in luma samples; pictures are whole macroblocks.
inline constexpr int kMacroblockSize = 16;
/// The samples of one I_PCM macroblock: 16x16 luma and two 8x8 chroma blocks.
inline constexpr std::size_t kPcmBytesPerMacroblock = 256 + 2 * 64;

/// The sequence parameter set NAL unit (header byte included) of width x height pictures at
/// `fps`: Constrained Baseline, 4:2:0, frames only, POC type 2, the smallest level that fits.
std::string sequenceParameterSet(int width, int height, int fps);

/// The picture parameter set NAL unit (header byte included): CAVLC, one slice group.
std::string pictureParameterSet();

/// One coded picture as an IDR NAL unit (header byte included): a single I slice, deblocking
/// off, every macroblock I_PCM. `idrPicId` must differ between consecutive IDR pictures.
std::string idrSlice(const YuvFrame& frame, int idrPicId);

}  // namespace useapi::luma::mock::mp4
