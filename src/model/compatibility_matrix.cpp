// The compatibility matrix, written once from shared/spec/luma-api.md.

#include "model/compatibility_matrix.hpp"

#include <array>

namespace useapi::luma::detail {
namespace {

using R = Resolution;
using D = Duration;

constexpr std::array<VideoModelRules, 3> kVideoMatrix{{
    // model                  sdr: resolutions, durations
    //                        hdr: ...; hdr_exr: ...; imageCharacter; imageStart/End
    {VideoModel::RayV3Flash,
     {{R::Draft, R::P540, R::P720, R::P1080}, {D::S5, D::S10}},
     {{R::P540, R::P720, R::P1080}, {D::S5}},
     {{R::P540, R::P720}, {D::S5}},
     false,
     true},
    {VideoModel::RayV3,
     {{R::Draft, R::P540, R::P720, R::P1080}, {D::S5, D::S10}},
     {{R::P540, R::P720, R::P1080}, {D::S5}},
     {{R::P540, R::P720}, {D::S5}},
     true,
     true},
    {VideoModel::RayV3Reasoning,
     {{R::P720, R::P1080}, {D::S5, D::S10}},
     {{R::P720, R::P1080}, {D::S5}},
     {{R::P720}, {D::S5}},
     false,
     true},
}};

constexpr std::array<ImageModelRules, 2> kImageMatrix{{
    {ImageModel::PhotonV2, {R::P720, R::P1080}, {R::P720, R::P1080}},
    {ImageModel::ImageV2, {R::P720, R::P1080}, {R::P720}},
}};

constexpr std::array<Resolution, 4> kAllResolutions{R::Draft, R::P540, R::P720, R::P1080};
constexpr std::array<Duration, 2> kAllDurations{D::S5, D::S10};

template <class Enum, std::size_t N>
std::string describeMembers(const EnumSet<Enum>& set, const std::array<Enum, N>& all) {
  std::string text;
  for (const Enum member : all) {
    if (!set.contains(member)) continue;
    if (!text.empty()) text += ", ";
    text += toString(member);
  }
  return text;
}

}  // namespace

const VideoModelRules& rulesFor(VideoModel model) noexcept {
  for (const auto& rules : kVideoMatrix) {
    if (rules.model == model) return rules;
  }
  return kVideoMatrix.front();  // unreachable for a valid enumerator
}

const ImageModelRules& rulesFor(ImageModel model) noexcept {
  for (const auto& rules : kImageMatrix) {
    if (rules.model == model) return rules;
  }
  return kImageMatrix.front();  // unreachable for a valid enumerator
}

const DynamicRangeCell& cellFor(const VideoModelRules& rules, DynamicRange range) noexcept {
  switch (range) {
    case DynamicRange::Hdr:
      return rules.hdr;
    case DynamicRange::HdrExr:
      return rules.hdr_exr;
    case DynamicRange::Sdr:
      break;
  }
  return rules.sdr;
}

std::string describe(ResolutionSet set) { return describeMembers(set, kAllResolutions); }
std::string describe(DurationSet set) { return describeMembers(set, kAllDurations); }

}  // namespace useapi::luma::detail
