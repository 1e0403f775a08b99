// POST /assets/{email} answers.

#include "codec/json_reader.hpp"
#include "codec/response_decoder.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {

Asset decodeAsset(std::string_view body, const std::string& endpoint) {
  const nlohmann::json document = parseObject(body, endpoint);
  const JsonReader top(document, endpoint);
  Asset asset;
  asset.asset_ref = top.text("assetRef").value_or("");
  if (asset.asset_ref.empty()) throw TransportError(endpoint + " answered without an assetRef");
  asset.email = top.text("email").value_or("");
  if (const auto upload = top.object("upload")) {
    asset.upload_id = upload->text("id").value_or("");
    if (const auto media = upload->object("media")) asset.url = media->text("url").value_or("");
  }
  asset.raw = std::string(body);
  return asset;
}

}  // namespace useapi::luma::detail
