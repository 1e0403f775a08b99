#pragma once
// Uploaded reference images (POST /assets/{email}): the API's upload checks, the bytes kept in
// memory for their media URL, and the lookup of assetRefs in generation requests.

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace useapi::luma::mock {

/// The largest upload the API accepts: 20 MB.
inline constexpr std::size_t kMaxAssetBytes = std::size_t{20} * 1024 * 1024;

/// One uploaded image.
struct MockAsset {
  std::string id;   ///< A UUID; also names its media: /media/assets/{id}.{extension}
  std::string ref;  ///< "u<userid>-email:<email>-image:<id>"
  int user = 0;
  std::string email;
  std::string content_type;  ///< image/jpeg, image/png or image/webp
  std::string extension;     ///< jpg, png or webp
  std::shared_ptr<const std::string> bytes;
};

/// Why an upload of `size` bytes of `content_type` is refused, in the API's words (nullopt when
/// it is acceptable). Checks in the API's order: empty, type, size.
std::optional<std::string> uploadProblem(std::size_t size, const std::string& content_type);

/// The outcome of looking up a request's references: their account, or a status and message.
struct RefsAccount {
  std::optional<std::string> email;
  int status = 200;
  std::string error;
};

/// The uploaded assets of every user. Thread-safe.
class AssetStore {
 public:
  /// Keeps an upload already checked with uploadProblem(); its assetRef is
  /// "u<user_id>-email:<email>-image:<id>".
  MockAsset add(int user, const std::string& user_id, const std::string& email, std::string bytes,
                const std::string& content_type);
  /// The asset whose id is `id`, for its media URL.
  std::optional<MockAsset> findById(const std::string& id) const;
  /// The account of `refs` (at least one): 404 "Asset not found" unless each is an assetRef the
  /// user uploaded, 400 when they belong to different accounts.
  RefsAccount accountOfRefs(int user, const std::vector<std::string>& refs) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, MockAsset> by_id_;
  std::map<std::string, std::string> id_by_ref_;
};

}  // namespace useapi::luma::mock
