#pragma once
#include <cstdint>
#include <string>
namespace useapi::luma::mock {
/// A PNG (8-bit RGB) of width x height showing a drawn picture (gradient sky, a sun/disc, some
/// shapes whose colours and positions derive from `seed`), never a blank image.
std::string makePng(int width, int height, std::uint32_t seed);
/// A small playable MP4 (ISO BMFF, one H.264 video track) of width x height (multiples of 16),
/// `frames` frames at `fps`, showing a moving shape whose colours derive from `seed`.
std::string makeMp4(int width, int height, int frames, int fps, std::uint32_t seed);
}  // namespace useapi::luma::mock
