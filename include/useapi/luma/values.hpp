#pragma once
/// \file
/// The API's enumerated values and their wire strings.

#include <optional>
#include <string_view>

#include "useapi/luma/export.hpp"

namespace useapi::luma {

/// An image generation model.
enum class ImageModel { PhotonV2, ImageV2 };
/// A video generation model.
enum class VideoModel { RayV3Flash, RayV3, RayV3Reasoning };
/// An output resolution (images use P720 and P1080 only).
enum class Resolution { Draft, P540, P720, P1080 };
/// An output aspect ratio, width by height.
enum class AspectRatio { R9x16, R3x4, R1x1, R4x3, R16x9, R21x9 };
/// A video duration.
enum class Duration { S5, S10 };
/// A video dynamic range: SDR H.264, HDR HEVC, or HDR plus a ZIP of EXR frames.
enum class DynamicRange { Sdr, Hdr, HdrExr };
/// The kind of a job.
enum class JobType { Image, Video, Unknown };
/// The state of a job; Completed and Failed are final.
enum class JobStatus { Created, Pending, Processing, Completed, Failed, Unknown };

/// The wire string of a model: "photon-v2", "image-v2".
USEAPI_LUMA_EXPORT std::string_view toString(ImageModel value) noexcept;
/// The wire string of a model: "ray-v3-flash", "ray-v3", "ray-v3-reasoning".
USEAPI_LUMA_EXPORT std::string_view toString(VideoModel value) noexcept;
/// The wire string of a resolution: "draft", "540p", "720p", "1080p".
USEAPI_LUMA_EXPORT std::string_view toString(Resolution value) noexcept;
/// The wire string of an aspect ratio: "9:16", "3:4", "1:1", "4:3", "16:9", "21:9".
USEAPI_LUMA_EXPORT std::string_view toString(AspectRatio value) noexcept;
/// The wire string of a duration: "5s", "10s".
USEAPI_LUMA_EXPORT std::string_view toString(Duration value) noexcept;
/// The wire string of a dynamic range: "sdr", "hdr", "hdr_exr".
USEAPI_LUMA_EXPORT std::string_view toString(DynamicRange value) noexcept;
/// The wire string of a job type: "image", "video"; "unknown" for Unknown.
USEAPI_LUMA_EXPORT std::string_view toString(JobType value) noexcept;
/// The wire string of a job status: "created" ... "failed"; "unknown" for Unknown.
USEAPI_LUMA_EXPORT std::string_view toString(JobStatus value) noexcept;

/// The enumerator whose wire string is exactly `text`, else nullopt (Unknown is never returned).
template <class Enum>
std::optional<Enum> fromString(std::string_view text) noexcept;

/// Parses an image model wire string.
template <>
std::optional<ImageModel> fromString<ImageModel>(std::string_view text) noexcept;
/// Parses a video model wire string.
template <>
std::optional<VideoModel> fromString<VideoModel>(std::string_view text) noexcept;
/// Parses a resolution wire string.
template <>
std::optional<Resolution> fromString<Resolution>(std::string_view text) noexcept;
/// Parses an aspect ratio wire string.
template <>
std::optional<AspectRatio> fromString<AspectRatio>(std::string_view text) noexcept;
/// Parses a duration wire string.
template <>
std::optional<Duration> fromString<Duration>(std::string_view text) noexcept;
/// Parses a dynamic range wire string.
template <>
std::optional<DynamicRange> fromString<DynamicRange>(std::string_view text) noexcept;
/// Parses a job type wire string.
template <>
std::optional<JobType> fromString<JobType>(std::string_view text) noexcept;
/// Parses a job status wire string.
template <>
std::optional<JobStatus> fromString<JobStatus>(std::string_view text) noexcept;

}  // namespace useapi::luma
