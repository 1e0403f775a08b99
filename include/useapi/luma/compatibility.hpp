#pragma once
/// \file
/// The model / resolution / duration compatibility matrix, read-only: the same table the
/// library's validation reads, for programs that show it (e.g. `luma models`).

#include <cstddef>
#include <vector>

#include "useapi/luma/export.hpp"
#include "useapi/luma/values.hpp"

namespace useapi::luma {

/// What one video model accepts with one dynamic range.
struct USEAPI_LUMA_EXPORT VideoModelSupport {
  VideoModel model = VideoModel::RayV3Flash;       ///< The model.
  DynamicRange dynamic_range = DynamicRange::Sdr;  ///< The dynamic range this row is about.
  std::vector<Resolution> resolutions;             ///< The resolutions allowed, in enum order.
  std::vector<Duration> durations;                 ///< The durations allowed, in enum order.
  bool image_character = false;  ///< Takes VideoRequest::image_character (with this range).
  bool image_start_end = false;  ///< Takes VideoRequest::image_start and image_end.
};

/// What one image model accepts.
struct USEAPI_LUMA_EXPORT ImageModelSupport {
  ImageModel model = ImageModel::PhotonV2;  ///< The model.
  std::vector<Resolution> resolutions;      ///< The resolutions allowed, in enum order.
  /// The resolutions allowed when ImageRequest::image_refs are given.
  std::vector<Resolution> resolutions_with_refs;
};

/// Every video model with every dynamic range, models and ranges in enum order.
USEAPI_LUMA_EXPORT std::vector<VideoModelSupport> videoModelSupport();

/// Every image model, in enum order.
USEAPI_LUMA_EXPORT std::vector<ImageModelSupport> imageModelSupport();

/// The most image references one ImageRequest may carry.
USEAPI_LUMA_EXPORT std::size_t maxImageRefs() noexcept;

}  // namespace useapi::luma
