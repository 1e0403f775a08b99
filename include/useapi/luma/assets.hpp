#pragma once
/// \file
/// Uploaded reference images (POST /assets/{email}).

#include <cstddef>
#include <string>

#include "useapi/luma/export.hpp"

namespace useapi::luma {

/// An uploaded image, usable as imageStart, imageEnd, imageCharacter or imageRef1..4.
struct USEAPI_LUMA_EXPORT Asset {
  std::string asset_ref;  ///< Wire: assetRef, e.g. "u12345-email:me@example.com-image:<uuid>".
  std::string email;      ///< The account it belongs to.
  std::string upload_id;  ///< Wire: upload.id.
  std::string url;        ///< Wire: upload.media.url.
  std::string raw;        ///< The whole JSON answer as received.
};

/// The largest asset the API accepts: 20 MB.
inline constexpr std::size_t kMaxAssetBytes = std::size_t{20} * 1024 * 1024;

}  // namespace useapi::luma
