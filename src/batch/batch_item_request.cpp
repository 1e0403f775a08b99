#include "batch/batch_item_request.hpp"

#include "codec/request_encoder.hpp"

namespace useapi::luma::detail {
namespace {

template <class... Handlers>
struct Overloaded : Handlers... {
  using Handlers::operator()...;
};
template <class... Handlers>
Overloaded(Handlers...) -> Overloaded<Handlers...>;

std::optional<std::string> accountOfRefs(const std::optional<std::string>& email,
                                         const std::vector<std::string>& refs) {
  if (email && !email->empty()) return email;
  for (const auto& ref : refs) {
    if (auto owner = emailOfAssetRef(ref)) return owner;
  }
  return std::nullopt;
}

}  // namespace

std::string itemType(const BatchItem& item) {
  return std::holds_alternative<ImageRequest>(item.request) ? "image" : "video";
}

std::string canonicalRequest(const BatchItem& item) {
  return std::visit([](const auto& request) { return encodeBody(request); }, item.request);
}

std::optional<std::string> emailOfAssetRef(const std::string& ref) {
  static const std::string kEmail = "-email:";
  static const std::string kImage = "-image:";
  const auto start = ref.find(kEmail);
  if (start == std::string::npos) return std::nullopt;
  const auto from = start + kEmail.size();
  const auto end = ref.rfind(kImage);
  if (end == std::string::npos || end <= from) return std::nullopt;
  return ref.substr(from, end - from);
}

std::optional<std::string> pinnedAccount(const BatchItem& item) {
  return std::visit(Overloaded{[](const ImageRequest& request) {
                                 return accountOfRefs(request.email, request.image_refs);
                               },
                               [](const VideoRequest& request) {
                                 std::vector<std::string> refs;
                                 for (const auto& ref : {request.image_start, request.image_end,
                                                         request.image_character}) {
                                   if (ref) refs.push_back(*ref);
                                 }
                                 return accountOfRefs(request.email, refs);
                               }},
                    item.request);
}

std::string modelOf(const BatchItem& item) {
  return std::visit(
      Overloaded{[](const ImageRequest& request) {
                   return std::string(toString(request.model.value_or(ImageModel::PhotonV2)));
                 },
                 [](const VideoRequest& request) {
                   return std::string(toString(request.model.value_or(VideoModel::RayV3Flash)));
                 }},
      item.request);
}

BatchItem withAccount(const BatchItem& item, const std::string& account) {
  BatchItem copy = item;
  std::visit([&account](auto& request) { request.email = account; }, copy.request);
  return copy;
}

}  // namespace useapi::luma::detail
