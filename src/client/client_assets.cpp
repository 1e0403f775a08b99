// Client: uploading reference images.

#include <fstream>

#include "model/image_type.hpp"
#include "useapi/luma/client.hpp"
#include "useapi/luma/connection.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma {
namespace {

namespace fs = std::filesystem;

std::string megabytes(std::size_t bytes) {
  constexpr std::size_t kMegabyte = std::size_t{1024} * 1024;
  return std::to_string(bytes / kMegabyte) + "." +
         std::to_string(bytes % kMegabyte * 10 / kMegabyte) + " MB";
}

// Every reason the bytes cannot be uploaded as `content_type`.
std::vector<std::string> assetProblems(const std::string& bytes, const std::string& content_type,
                                       const std::string& what) {
  std::vector<std::string> problems;
  if (bytes.empty()) {
    problems.push_back(what + ": is empty");
    return problems;
  }
  if (bytes.size() > kMaxAssetBytes) {
    problems.push_back(what + ": " + megabytes(bytes.size()) + " is over the limit of 20 MB");
  }
  const auto actual = detail::imageTypeOf(bytes);
  if (!detail::isSupportedImageType(content_type)) {
    problems.push_back("content type " + content_type +
                       ": use image/jpeg, image/png or image/webp");
  } else if (!actual) {
    problems.push_back(what + ": is not a JPEG, PNG or WebP image");
  } else if (*actual != content_type) {
    problems.push_back("content type " + content_type + ": the bytes are " + std::string(*actual));
  }
  return problems;
}

}  // namespace

Asset Client::uploadAsset(const std::string& email, const fs::path& image) {
  const std::string what = "image " + image.string();
  std::error_code error;
  const auto size = fs::file_size(image, error);
  if (error) throw ValidationError({what + ": cannot be read (" + error.message() + ")"});
  if (size > kMaxAssetBytes) {
    throw ValidationError({what + ": " + megabytes(size) + " is over the limit of 20 MB"});
  }
  std::ifstream in(image, std::ios::binary);
  std::string bytes(size, '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) {
    throw ValidationError({what + ": cannot be read"});
  }
  const auto type = detail::imageTypeOf(bytes);
  if (bytes.empty()) throw ValidationError({what + ": is empty"});
  if (!type) throw ValidationError({what + ": is not a JPEG, PNG or WebP image"});
  return uploadAsset(email, std::move(bytes), std::string(*type));
}

// NOLINTNEXTLINE(performance-unnecessary-value-param): the public signature takes it by value.
Asset Client::uploadAsset(const std::string& email, std::string bytes, std::string content_type) {
  auto problems = assetProblems(bytes, content_type, "image");
  if (email.empty()) problems.insert(problems.begin(), "email: is empty; name the account");
  if (!problems.empty()) throw ValidationError(std::move(problems));
  return connection_->uploadAsset(email, std::move(bytes), std::move(content_type));
}

}  // namespace useapi::luma
