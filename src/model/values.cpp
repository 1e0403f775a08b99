// Wire strings of the API's enumerations: one table per enum, read both ways.

#include "useapi/luma/values.hpp"

#include <array>
#include <utility>

namespace useapi::luma {
namespace {

template <class Enum, std::size_t N>
using WireTable = std::array<std::pair<Enum, std::string_view>, N>;

constexpr WireTable<ImageModel, 2> kImageModels{{
    {ImageModel::PhotonV2, "photon-v2"},
    {ImageModel::ImageV2, "image-v2"},
}};
constexpr WireTable<VideoModel, 3> kVideoModels{{
    {VideoModel::RayV3Flash, "ray-v3-flash"},
    {VideoModel::RayV3, "ray-v3"},
    {VideoModel::RayV3Reasoning, "ray-v3-reasoning"},
}};
constexpr WireTable<Resolution, 4> kResolutions{{
    {Resolution::Draft, "draft"},
    {Resolution::P540, "540p"},
    {Resolution::P720, "720p"},
    {Resolution::P1080, "1080p"},
}};
constexpr WireTable<AspectRatio, 6> kAspectRatios{{
    {AspectRatio::R9x16, "9:16"},
    {AspectRatio::R3x4, "3:4"},
    {AspectRatio::R1x1, "1:1"},
    {AspectRatio::R4x3, "4:3"},
    {AspectRatio::R16x9, "16:9"},
    {AspectRatio::R21x9, "21:9"},
}};
constexpr WireTable<Duration, 2> kDurations{{
    {Duration::S5, "5s"},
    {Duration::S10, "10s"},
}};
constexpr WireTable<DynamicRange, 3> kDynamicRanges{{
    {DynamicRange::Sdr, "sdr"},
    {DynamicRange::Hdr, "hdr"},
    {DynamicRange::HdrExr, "hdr_exr"},
}};
constexpr WireTable<JobType, 2> kJobTypes{{
    {JobType::Image, "image"},
    {JobType::Video, "video"},
}};
constexpr WireTable<JobStatus, 5> kJobStatuses{{
    {JobStatus::Created, "created"},
    {JobStatus::Pending, "pending"},
    {JobStatus::Processing, "processing"},
    {JobStatus::Completed, "completed"},
    {JobStatus::Failed, "failed"},
}};

constexpr std::string_view kUnknown = "unknown";

template <class Enum, std::size_t N>
std::string_view wireOf(const WireTable<Enum, N>& table, Enum value) noexcept {
  for (const auto& [enumerator, wire] : table) {
    if (enumerator == value) return wire;
  }
  return kUnknown;
}

template <class Enum, std::size_t N>
std::optional<Enum> enumOf(const WireTable<Enum, N>& table, std::string_view text) noexcept {
  for (const auto& [enumerator, wire] : table) {
    if (wire == text) return enumerator;
  }
  return std::nullopt;
}

}  // namespace

std::string_view toString(ImageModel value) noexcept { return wireOf(kImageModels, value); }
std::string_view toString(VideoModel value) noexcept { return wireOf(kVideoModels, value); }
std::string_view toString(Resolution value) noexcept { return wireOf(kResolutions, value); }
std::string_view toString(AspectRatio value) noexcept { return wireOf(kAspectRatios, value); }
std::string_view toString(Duration value) noexcept { return wireOf(kDurations, value); }
std::string_view toString(DynamicRange value) noexcept { return wireOf(kDynamicRanges, value); }
std::string_view toString(JobType value) noexcept { return wireOf(kJobTypes, value); }
std::string_view toString(JobStatus value) noexcept { return wireOf(kJobStatuses, value); }

template <>
std::optional<ImageModel> fromString<ImageModel>(std::string_view text) noexcept {
  return enumOf(kImageModels, text);
}
template <>
std::optional<VideoModel> fromString<VideoModel>(std::string_view text) noexcept {
  return enumOf(kVideoModels, text);
}
template <>
std::optional<Resolution> fromString<Resolution>(std::string_view text) noexcept {
  return enumOf(kResolutions, text);
}
template <>
std::optional<AspectRatio> fromString<AspectRatio>(std::string_view text) noexcept {
  return enumOf(kAspectRatios, text);
}
template <>
std::optional<Duration> fromString<Duration>(std::string_view text) noexcept {
  return enumOf(kDurations, text);
}
template <>
std::optional<DynamicRange> fromString<DynamicRange>(std::string_view text) noexcept {
  return enumOf(kDynamicRanges, text);
}
template <>
std::optional<JobType> fromString<JobType>(std::string_view text) noexcept {
  return enumOf(kJobTypes, text);
}
template <>
std::optional<JobStatus> fromString<JobStatus>(std::string_view text) noexcept {
  return enumOf(kJobStatuses, text);
}

}  // namespace useapi::luma
