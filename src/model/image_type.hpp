#pragma once
// Recognising the image formats the API accepts from their first bytes.

#include <optional>
#include <string>
#include <string_view>

namespace useapi::luma::detail {

/// "image/jpeg", "image/png" or "image/webp" when `bytes` start like one, else nullopt.
std::optional<std::string_view> imageTypeOf(std::string_view bytes) noexcept;

/// True for the content types POST /assets accepts.
bool isSupportedImageType(std::string_view content_type) noexcept;

}  // namespace useapi::luma::detail
