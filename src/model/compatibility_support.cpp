// The public, read-only view of the compatibility matrix (compatibility.hpp).

#include <array>
#include <useapi/luma/compatibility.hpp>

#include "model/compatibility_matrix.hpp"

namespace useapi::luma {
namespace {

constexpr std::array<Resolution, 4> kEveryResolution{Resolution::Draft, Resolution::P540,
                                                     Resolution::P720, Resolution::P1080};
constexpr std::array<Duration, 2> kEveryDuration{Duration::S5, Duration::S10};

template <class Enum, std::size_t N>
std::vector<Enum> membersOf(const detail::EnumSet<Enum>& set, const std::array<Enum, N>& all) {
  std::vector<Enum> members;
  for (const Enum member : all) {
    if (set.contains(member)) members.push_back(member);
  }
  return members;
}

}  // namespace

std::vector<VideoModelSupport> videoModelSupport() {
  std::vector<VideoModelSupport> rows;
  for (const VideoModel model :
       {VideoModel::RayV3Flash, VideoModel::RayV3, VideoModel::RayV3Reasoning}) {
    const detail::VideoModelRules& rules = detail::rulesFor(model);
    for (const DynamicRange range : {DynamicRange::Sdr, DynamicRange::Hdr, DynamicRange::HdrExr}) {
      const detail::DynamicRangeCell& cell = detail::cellFor(rules, range);
      VideoModelSupport row;
      row.model = model;
      row.dynamic_range = range;
      row.resolutions = membersOf(cell.resolutions, kEveryResolution);
      row.durations = membersOf(cell.durations, kEveryDuration);
      row.image_character = rules.image_character_with_sdr && range == DynamicRange::Sdr;
      row.image_start_end = rules.image_start_end;
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::vector<ImageModelSupport> imageModelSupport() {
  std::vector<ImageModelSupport> rows;
  for (const ImageModel model : {ImageModel::PhotonV2, ImageModel::ImageV2}) {
    const detail::ImageModelRules& rules = detail::rulesFor(model);
    ImageModelSupport row;
    row.model = model;
    row.resolutions = membersOf(rules.resolutions, kEveryResolution);
    row.resolutions_with_refs = membersOf(rules.resolutions_with_refs, kEveryResolution);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::size_t maxImageRefs() noexcept { return detail::kMaxImageRefs; }

}  // namespace useapi::luma
