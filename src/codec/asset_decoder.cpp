// POST /assets/{email} answers.

#include "codec/json_document.hpp"
#include "codec/response_decoder.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {

Asset decodeAsset(std::string_view body, const std::string& endpoint) {
  return withoutBadAlloc(endpoint, body.size(), [&] {
    Asset asset;
    std::string raw = paddedCopy(body);
    const bool changed = readJsonObject(raw, true, endpoint, [&](JsonField& top) {
      top.forEachField([&](std::string_view key, JsonField& field) {
        if (key == "assetRef") {
          asset.asset_ref = field.identifier().value_or("");
        } else if (key == "email") {
          asset.email = field.text().value_or("");
        } else if (key == "upload") {
          asset.upload_id.clear();
          asset.url.clear();
          if (!field.isObject()) return true;
          field.forEachField([&](std::string_view name, JsonField& upload) {
            if (name == "id") {
              asset.upload_id = upload.text().value_or("");
            } else if (name == "media") {
              asset.url.clear();
              if (!upload.isObject()) return true;
              upload.forEachField([&](std::string_view media_key, JsonField& media) {
                if (media_key != "url") return false;
                asset.url = media.identifier().value_or("");
                return true;
              });
            } else {
              return false;
            }
            return true;
          });
        } else {
          return false;
        }
        return true;
      });
    });
    if (asset.asset_ref.empty()) throw TransportError(endpoint + " answered without an assetRef");
    unpad(raw);
    if (changed) raw.assign(body);  // as received
    asset.raw = std::move(raw);
    return asset;
  });
}

}  // namespace useapi::luma::detail
