#include "model/image_type.hpp"

namespace useapi::luma::detail {

std::optional<std::string_view> imageTypeOf(std::string_view bytes) noexcept {
  using namespace std::string_view_literals;
  if (bytes.substr(0, 3) == "\xFF\xD8\xFF"sv) return "image/jpeg";
  if (bytes.substr(0, 8) == "\x89PNG\r\n\x1A\n"sv) return "image/png";
  if (bytes.size() >= 12 && bytes.substr(0, 4) == "RIFF"sv && bytes.substr(8, 4) == "WEBP"sv) {
    return "image/webp";
  }
  return std::nullopt;
}

bool isSupportedImageType(std::string_view content_type) noexcept {
  return content_type == "image/jpeg" || content_type == "image/png" ||
         content_type == "image/webp";
}

}  // namespace useapi::luma::detail
