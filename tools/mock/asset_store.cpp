#include "mock/asset_store.hpp"

#include <algorithm>
#include <cctype>

#include "mock/stamps.hpp"

namespace useapi::luma::mock {
namespace {

// The media type of a Content-Type value: before any ';', trimmed, lower case.
std::string mediaTypeOf(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  const auto first = type.find_first_not_of(" \t");
  const auto last = type.find_last_not_of(" \t");
  type = first == std::string::npos ? "" : type.substr(first, last - first + 1);
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

std::optional<std::string> extensionOf(const std::string& media_type) {
  if (media_type == "image/jpeg") return "jpg";
  if (media_type == "image/png") return "png";
  if (media_type == "image/webp") return "webp";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> uploadProblem(std::size_t size, const std::string& content_type) {
  if (size == 0) return "Content is empty";
  if (!extensionOf(mediaTypeOf(content_type))) {
    return "Content-Type (" + content_type +
           ") not supported. Valid: image/jpeg, image/png, image/webp";
  }
  if (size > kMaxAssetBytes) {
    return "Content is too large (" + std::to_string(size) +
           " bytes). Maximum: " + std::to_string(kMaxAssetBytes) + " bytes";
  }
  return std::nullopt;
}

MockAsset AssetStore::add(int user, const std::string& user_id, const std::string& email,
                          std::string bytes, const std::string& content_type) {
  MockAsset asset;
  asset.id = randomUuid();
  asset.ref = "u" + user_id + "-email:" + email + "-image:" + asset.id;
  asset.user = user;
  asset.email = email;
  asset.content_type = mediaTypeOf(content_type);
  asset.extension = extensionOf(asset.content_type).value_or("bin");
  asset.bytes = std::make_shared<const std::string>(std::move(bytes));
  std::lock_guard<std::mutex> lock(mutex_);
  id_by_ref_[asset.ref] = asset.id;
  by_id_[asset.id] = asset;
  return asset;
}

std::optional<MockAsset> AssetStore::findById(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

RefsAccount AssetStore::accountOfRefs(int user, const std::vector<std::string>& refs) const {
  std::lock_guard<std::mutex> lock(mutex_);
  RefsAccount result;
  for (const auto& ref : refs) {
    const auto id = id_by_ref_.find(ref);
    if (id == id_by_ref_.end() || by_id_.at(id->second).user != user) {
      return {std::nullopt, 404, "Asset not found"};
    }
    const std::string& email = by_id_.at(id->second).email;
    if (result.email && *result.email != email) {
      return {std::nullopt, 400,
              "Image references belong to different accounts (" + *result.email + ", " + email +
                  "); all must come from one account"};
    }
    result.email = email;
  }
  return result;
}

}  // namespace useapi::luma::mock
