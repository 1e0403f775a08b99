#pragma once
// The compatibility matrix of the API: the one table validation reads.

#include <cstdint>
#include <initializer_list>
#include <string>

#include "useapi/luma/values.hpp"

namespace useapi::luma::detail {

/// A set of enumerators of a small enum, as bits.
template <class Enum>
class EnumSet {
 public:
  constexpr EnumSet(std::initializer_list<Enum> members) noexcept {
    for (const Enum member : members) bits_ |= bit(member);
  }
  constexpr bool contains(Enum member) const noexcept { return (bits_ & bit(member)) != 0; }

 private:
  static constexpr std::uint32_t bit(Enum member) noexcept {
    return std::uint32_t{1} << static_cast<unsigned>(member);
  }
  std::uint32_t bits_ = 0;
};

using ResolutionSet = EnumSet<Resolution>;
using DurationSet = EnumSet<Duration>;

/// What one video model supports with one dynamic range.
struct DynamicRangeCell {
  ResolutionSet resolutions;
  DurationSet durations;
};

/// One column of the video matrix.
struct VideoModelRules {
  VideoModel model;
  DynamicRangeCell sdr, hdr, hdr_exr;
  bool image_character_with_sdr;  ///< Takes imageCharacter (with sdr only).
  bool image_start_end;           ///< Takes imageStart / imageEnd.
};

/// One column of the image matrix.
struct ImageModelRules {
  ImageModel model;
  ResolutionSet resolutions;
  ResolutionSet resolutions_with_refs;  ///< Resolutions allowed when image references are given.
};

/// The most image references one request may carry.
inline constexpr std::size_t kMaxImageRefs = 4;
/// The longest prompt, in UTF-16 code units.
inline constexpr std::size_t kMaxPromptLength = 2000;

/// The rules of `model`.
const VideoModelRules& rulesFor(VideoModel model) noexcept;
/// The rules of `model`.
const ImageModelRules& rulesFor(ImageModel model) noexcept;
/// What `rules` allow with `range`.
const DynamicRangeCell& cellFor(const VideoModelRules& rules, DynamicRange range) noexcept;

/// The members of `set` as wire strings in enum order, e.g. "540p, 720p".
std::string describe(ResolutionSet set);
/// The members of `set` as wire strings in enum order, e.g. "5s, 10s".
std::string describe(DurationSet set);

}  // namespace useapi::luma::detail
