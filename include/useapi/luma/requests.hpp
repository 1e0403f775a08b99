#pragma once
/// \file
/// Typed generation requests and their client-side validation.

#include <optional>
#include <string>
#include <vector>

#include "useapi/luma/export.hpp"
#include "useapi/luma/values.hpp"

namespace useapi::luma {

/// The body of POST /images: one batch of 4 images. Unset fields are not sent.
struct USEAPI_LUMA_EXPORT ImageRequest {
  std::string prompt;                       ///< Required: 1..2000 UTF-16 units of valid UTF-8.
  std::optional<ImageModel> model;          ///< Server default: photon-v2.
  std::optional<Resolution> resolution;     ///< 720p or 1080p; server default 720p.
  std::optional<AspectRatio> aspect_ratio;  ///< Server default 16:9.
  std::vector<std::string> image_refs;      ///< assetRefs sent as imageRef1..imageRef4; at most 4.
  std::optional<std::string> email;         ///< The account to use (must own the refs).
  std::optional<std::string> reply_url;     ///< Webhook URL (wire: replyUrl).
  std::optional<std::string> reply_ref;     ///< Echoed back in webhook callbacks (wire: replyRef).
};

/// The body of POST /videos: one video job. Unset fields are not sent.
struct USEAPI_LUMA_EXPORT VideoRequest {
  std::string prompt;                          ///< Required: 1..2000 UTF-16 units of valid UTF-8.
  std::optional<VideoModel> model;             ///< Server default: ray-v3-flash.
  std::optional<Resolution> resolution;        ///< Server default: draft.
  std::optional<AspectRatio> aspect_ratio;     ///< Server default: 16:9.
  std::optional<Duration> duration;            ///< Server default: 5s.
  std::optional<DynamicRange> dynamic_range;   ///< Server default: sdr.
  std::optional<std::string> image_start;      ///< Start keyframe assetRef (wire: imageStart).
  std::optional<std::string> image_end;        ///< End keyframe assetRef (wire: imageEnd).
  std::optional<std::string> image_character;  ///< Character assetRef (wire: imageCharacter).
  std::optional<std::string> email;            ///< The account to use (must own the refs).
  std::optional<std::string> reply_url;        ///< Webhook URL (wire: replyUrl).
  std::optional<std::string> reply_ref;  ///< Echoed back in webhook callbacks (wire: replyRef).
};

/// Every problem of `request`, each a sentence naming the field, the value and what is allowed;
/// empty when the request is valid. Never throws for any input.
USEAPI_LUMA_EXPORT std::vector<std::string> validate(const ImageRequest& request);

/// Every problem of `request` against the compatibility matrix and field rules; empty when valid.
/// Never throws for any input.
USEAPI_LUMA_EXPORT std::vector<std::string> validate(const VideoRequest& request);

}  // namespace useapi::luma
